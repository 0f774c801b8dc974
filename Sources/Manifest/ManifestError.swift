/// A stackql-deploy project iamgate cannot use: one lowercase sentence naming the file, the line and, in the
/// manifest, the key path (`resources[0].props[2]`).
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the file is: `manifest`, `query file` or `project`.
    public var kind: String
    /// The file as it can be opened (the project directory joined with the file's path in the project).
    public var file: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    public var message: String

    public init(kind: String, file: String, line: Int?, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// `manifest 'stack/stackql_manifest.yml' line 7: resources[0]: unknown key 'prop' (did you mean 'props'?)`.
    public var description: String {
        let place = line.map { " line \($0)" } ?? ""
        return "\(kind) '\(file)'\(place): \(message)"
    }
}
