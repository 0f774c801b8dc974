/// A file of a stackql-deploy project as planning read it: the manifest or a query file, its path as it can be
/// opened, and its text, so a saved plan can bind a run to exactly these bytes.
public struct ProjectFile: Sendable, Hashable {
    /// `manifest` or `query file`.
    public var kind: String
    public var path: String
    public var text: String

    public init(kind: String, path: String, text: String) {
        self.kind = kind
        self.path = path
        self.text = text
    }
}
