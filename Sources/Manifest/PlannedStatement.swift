import Catalog
import DeploymentFacts
import StackQL

/// One query a stackql-deploy command would run: which resource, which anchor with which options, where it is
/// written (file and line), its text as written and the values its `{{ }}` expressions have, and when it runs.
/// Whether create or update runs depends on what the exists check finds when the build runs, so a build plans both
/// and `runs` says which case each is for.
public struct PlannedStatement: Sendable, Hashable {
    /// The manifest resource (`resources[].name`).
    public var resource: String
    public var resourceKind: ManifestResource.Kind
    /// The anchor; `nil` for a resource's inline `sql`.
    public var anchor: QueryAnchor?
    /// The anchor as written (`preflight` for `exists`), or `sql` for inline SQL.
    public var writtenAnchor: String
    public var options: [QueryOption]
    /// The file inside the project: `resources/image.iql`, or `stackql_manifest.yml` for inline SQL.
    public var file: String
    /// The file as it can be opened (the project directory joined with `file`): what reports cite.
    public var path: String
    /// The line `text` starts on in the file.
    public var firstLine: Int
    /// The line of the statement itself (its first line that is not blank or a comment).
    public var line: Int
    /// The query as written, `{{ }}` expressions included: what `parse()` reads.
    public var text: String
    /// The value of each `{{ }}` expression in `text` (unknown parts named).
    public var templates: TemplateValues
    /// When the command runs it (only when the resource does not exist, on every build…): one case, or two for a
    /// statement planned twice.
    public var runs: [StatementTiming]
    /// The resource's `if:` condition as it resolved, when iamgate could not decide it (the statement runs only if it
    /// holds); `nil` when there is none or it holds.
    public var condition: String?

    public init(
        resource: String, resourceKind: ManifestResource.Kind, anchor: QueryAnchor?, writtenAnchor: String,
        options: [QueryOption], file: String, path: String, firstLine: Int, line: Int, text: String,
        templates: TemplateValues, runs: [StatementTiming], condition: String? = nil
    ) {
        self.resource = resource
        self.resourceKind = resourceKind
        self.anchor = anchor
        self.writtenAnchor = writtenAnchor
        self.options = options
        self.file = file
        self.path = path
        self.firstLine = firstLine
        self.line = line
        self.text = text
        self.templates = templates
        self.runs = runs
        self.condition = condition
    }

    /// The anchor's name for reports: `exists`, `callback:create`, `sql`.
    public var anchorName: String { anchor?.rawValue ?? writtenAnchor }

    /// The statements of `text` as the StackQL parser reads a stackql-deploy query (`SQLParser.Mode.deploymentQuery`),
    /// located in `path` at their own lines.
    public func parse() throws(SQLError) -> [SQLStatement] {
        try SQLParser.parse(text, source: path, templates: templates, mode: .deploymentQuery, firstLine: firstLine)
    }

    /// `parse()`, each statement classified against `catalog` (`nil` for a SELECT that reads no table).
    public func classify(
        catalog: [ResourceDefinition]
    ) throws(SQLError) -> [(statement: SQLStatement, classified: ClassifiedStatement?)] {
        try StatementClassifier.parseAndClassify(
            text: text, source: path, templates: templates, mode: .deploymentQuery, firstLine: firstLine,
            catalog: catalog)
    }

    /// The names of the unknown parts of its templates' values, in the order the text uses them.
    public var unknownNames: [String] {
        var names: [String] = []
        for expression in TemplateValues.expressions(in: text) {
            for case .unknown(let name) in templates.parts(of: expression) where !names.contains(name) {
                names.append(name)
            }
        }
        return names
    }
}
