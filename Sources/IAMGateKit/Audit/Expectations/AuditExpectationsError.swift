/// An expectations file iamgate cannot use: one lowercase sentence naming the file, the line and the key path.
public struct AuditExpectationsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    /// The key path (`expectations[1].only`); empty for the whole file.
    public var key: String
    public var message: String

    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `expectations 'audit.yml' line 7: expectations[1]: unknown key 'onwer' (did you mean 'owner'?)`.
    public var description: String {
        let place = line.map { " line \($0)" } ?? ""
        return "expectations '\(file)'\(place): " + (key.isEmpty ? message : "\(key): \(message)")
    }
}
