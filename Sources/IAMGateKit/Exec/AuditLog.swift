import Foundation
import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `exec --audit-log FILE`: one JSON object per line, appended. Before each call that changes anything an `intent`
/// record is written and flushed to disk (`fsync`); if it cannot be, the call is not made. After the call, an
/// `outcome` record. Each record carries `prev`, the SHA-256 of the line before it (of the file's last line when
/// appending; empty for a file's first record), so a changed, removed or reordered record breaks the chain.
/// Secrets are never written; `DesiredState` and `PatchDocument` (which Cloud Control's model marks sensitive) are
/// recorded as their SHA-256.
public final class AuditLog {
    /// Why a record could not be written: one sentence naming the file.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let path: String
    private let descriptor: Int32
    private var previous: String

    /// Opens (creating if needed) `path` for appending and reads the digest of its last line.
    public init(path: String) throws(Failure) {
        self.path = path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Failure(
                description: "cannot open audit log '\(path)': \(String(cString: strerror(errno)).lowercased())")
        }
        descriptor = fd
        previous = ""
        if let data = FileManager.default.contents(atPath: path), !data.isEmpty {
            let bytes = [UInt8](data)
            guard bytes.last == 0x0A else {
                close(fd)
                throw Failure(
                    description: "audit log '\(path)' does not end with a complete line; it was cut or edited, so "
                        + "nothing is appended to it")
            }
            let body = bytes.dropLast()
            let start = body.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
            previous = InputLedger.sha256(body[start...])
        }
    }

    deinit { close(descriptor) }

    /// Writes one record (`prev` added last) and flushes it to disk.
    public func append(_ members: [(String, JSONOutput)]) throws(Failure) {
        let line = JSONOutput.object(members + [("prev", .string(previous))]).rendered(pretty: false)
        var bytes = Array(line.utf8)
        let digest = InputLedger.sha256(bytes)
        bytes.append(0x0A)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else {
                throw Failure(
                    description: "cannot write audit log '\(path)': \(String(cString: strerror(errno)).lowercased())")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            throw Failure(
                description:
                    "cannot flush audit log '\(path)' to disk: \(String(cString: strerror(errno)).lowercased())")
        }
        previous = digest
    }

    /// The time as RFC 3339 UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
