import IAMPolicy

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Input iamgate cannot use: a file it cannot read, malformed JSON, a policy with errors, a bad case. The message
/// is one sentence naming the file, position or key and quoting the bad value. Maps to exit code 64.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Every finding behind the error, when it came from a policy.
    public var findings: [Finding]
    /// The typed error of the layer that found the problem (a `SQLError`, a `CatalogLoadError`, a `ManifestError`…),
    /// kept so a caller can tell causes apart; `message` is its sentence.
    public var cause: (any Error & Sendable)?

    public init(_ message: String, findings: [Finding] = []) {
        self.message = message
        self.findings = findings
        self.cause = nil
    }

    /// A sentence of the use case's own about `cause` (the place or the flag it came from), keeping `cause`.
    public init(_ message: String, cause: some Error & Sendable) {
        self.message = message
        self.findings = []
        self.cause = cause
    }

    /// The input error that `cause` is, in its own words.
    public init(_ cause: some Error & Sendable & CustomStringConvertible) {
        self.message = cause.description
        self.findings = []
        self.cause = cause
    }

    public var description: String { message }
}

/// Reads files for the use cases, turning I/O failures into `InputError`s.
enum FileInput {
    /// The bytes of `path`, or of standard input for `-`.
    static func read(_ path: String, what: String) throws(InputError) -> [UInt8] {
        let isStandardInput = path == "-"
        guard let handle = isStandardInput ? fdopen(dup(STDIN_FILENO), "rb") : fopen(path, "rb") else {
            throw InputError("cannot read \(what) '\(path)': \(String(cString: strerror(errno)).lowercased())")
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count {
                if ferror(handle) != 0 {
                    throw InputError("cannot read \(what) '\(path)': \(String(cString: strerror(errno)).lowercased())")
                }
                break
            }
        }
        return bytes
    }
}
