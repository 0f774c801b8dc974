import Diagnostics

/// The filters a stackql-deploy template may apply: the ones iamgate evaluates, and the others stackql-deploy's
/// template engines know, whose results stay unknown. A filter neither knows is a mistake in the project.
enum TemplateFilter {
    /// stackql-deploy's own filters and Jinja's `tojson`, evaluated as stackql-deploy evaluates them.
    static let evaluated: Set<String> = [
        "tojson", "from_json", "generate_patch_document", "base64_encode", "sql_escape", "to_aws_tag_filters",
        "merge_objects", "merge_lists",
    ]
    /// Filters stackql-deploy also knows (`sql_list`, and the template engines' built-ins) that iamgate does not
    /// evaluate: their results stay unknown.
    static let notEvaluated: Set<String> = [
        "sql_list", "abs", "attr", "batch", "capitalize", "center", "default", "d", "dictsort", "escape", "e",
        "filesizeformat", "first", "float", "forceescape", "format", "groupby", "indent", "int", "items", "join",
        "last", "length", "count", "list", "lower", "map", "max", "min", "pprint", "random", "reject", "rejectattr",
        "replace", "reverse", "round", "safe", "select", "selectattr", "slice", "sort", "string", "striptags", "sum",
        "title", "trim", "truncate", "unique", "upper", "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr",
        "json_encode", "split", "slugify", "date", "as_str", "get", "concat", "filter", "linebreaksbr",
        "addslashes", "nth", "spaceless", "urlencode_strict", "indent", "striptags", "escape_xml",
    ]

    /// The closest known filter to a misspelled one.
    static func suggestion(for name: String) -> String? {
        Suggestion.closest(to: name, among: (evaluated.union(notEvaluated)).sorted(), maxDistance: 2)
    }
}
