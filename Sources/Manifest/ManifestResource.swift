/// One entry of the manifest's `resources`, in the order stackql-deploy processes them.
public struct ManifestResource: Sendable, Hashable {
    /// What stackql-deploy does with a resource.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// exists / statecheck / exports checks, then create or update; delete on teardown.
        case resource
        /// Only an exports query (from the query file or inline `sql`).
        case query
        /// A shell command (`run`): no StackQL statement.
        case script
        /// Like `resource`, with errors of create and update ignored.
        case multi
        /// A `command` query (or inline `sql`) run on every build.
        case command
    }

    public var name: String
    public var kind: Kind
    /// The query file as written (`file:`), relative to the project's `resources/` directory; `nil`: `NAME.iql`.
    public var file: String?
    public var props: [ManifestProperty]
    /// The variables its exports query returns for later resources.
    public var exports: [String]
    /// The `if:` condition, as written.
    public var condition: String?
    /// Inline SQL (`query` and `command` resources), with the line its text starts on.
    public var sql: (text: String, line: Int)?
    /// The script of a `script` resource.
    public var run: String?
    public var protected: [String]
    public var skipValidation: Bool
    public var description: String?
    /// Where the entry is in the manifest.
    public var line: Int

    public init(
        name: String, kind: Kind = .resource, file: String? = nil, props: [ManifestProperty] = [],
        exports: [String] = [], condition: String? = nil, sql: (text: String, line: Int)? = nil, run: String? = nil,
        protected: [String] = [], skipValidation: Bool = false, description: String? = nil, line: Int
    ) {
        self.name = name
        self.kind = kind
        self.file = file
        self.props = props
        self.exports = exports
        self.condition = condition
        self.sql = sql
        self.run = run
        self.protected = protected
        self.skipValidation = skipValidation
        self.description = description
        self.line = line
    }

    /// The query file's path inside the project: `resources/NAME.iql`, or `resources/` + `file`.
    public var queryFilePath: String { "resources/" + (file ?? "\(name).iql") }

    public static func == (lhs: ManifestResource, rhs: ManifestResource) -> Bool {
        lhs.name == rhs.name && lhs.kind == rhs.kind && lhs.file == rhs.file && lhs.props == rhs.props
            && lhs.exports == rhs.exports && lhs.condition == rhs.condition && lhs.sql?.text == rhs.sql?.text
            && lhs.sql?.line == rhs.sql?.line && lhs.run == rhs.run && lhs.protected == rhs.protected
            && lhs.skipValidation == rhs.skipValidation && lhs.description == rhs.description && lhs.line == rhs.line
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(line)
    }
}
