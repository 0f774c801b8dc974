import IAMGateKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes written to a C stream; `replace` writes a file whole or not at all.
struct ByteFile {
    let stream: UnsafeMutablePointer<FILE>
    private(set) var failed = false

    init(stream: UnsafeMutablePointer<FILE>) {
        self.stream = stream
    }

    mutating func write(_ bytes: ArraySlice<UInt8>) {
        let count = bytes.count
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, stream) }
        if written != count { failed = true }
    }

    /// Writes `path` through a temporary file beside it, renamed over it only when `body` and every write succeeded.
    static func replace(_ path: String, _ body: ((ArraySlice<UInt8>) -> Void) throws -> Void) throws {
        let temporary = "\(path).\(getpid()).partial"
        guard let stream = fopen(temporary, "wb") else {
            throw InputError("cannot write '\(path)': \(String(cString: strerror(errno)).lowercased())")
        }
        var file = ByteFile(stream: stream)
        do {
            try body { file.write($0) }
        } catch {
            fclose(stream)
            unlink(temporary)
            throw error
        }
        let closed = fclose(stream) == 0
        guard closed && !file.failed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno)).lowercased()
            unlink(temporary)
            throw InputError("cannot write '\(path)': \(reason)")
        }
    }
}
