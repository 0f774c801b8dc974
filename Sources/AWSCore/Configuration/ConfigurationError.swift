/// Why the shared config or credentials file, or the settings around them, cannot be used. One lowercase sentence
/// naming the file and line; the text of a bad line is never quoted, since it may hold a secret.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as shown to people, for example `~/.aws/config`; empty when no file is involved.
    public var file: String
    /// The 1-based line, when the problem is on one line.
    public var line: Int?
    /// What is wrong, as the tail of a sentence.
    public var reason: String

    public init(file: String, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        if file.isEmpty { return reason }
        if let line { return "\(file) line \(line): \(reason)" }
        return "\(file): \(reason)"
    }
}
