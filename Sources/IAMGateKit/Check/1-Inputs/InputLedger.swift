import Crypto
import Foundation

/// Every input that decided a check, as it was read: each file's kind, name and SHA-256, and the SQL. A saved plan
/// records them and `exec --plan` compares them, so a plan is refused once any input changed; the digest of them all
/// seeds each mutation's ClientToken. Shared by reference, so every stage that reads an input records it in one
/// place.
public final class InputLedger: @unchecked Sendable {
    /// One input: `identity policy`, `permissions boundary`, …, `sql`, `authorization details`, `catalog resource`.
    public struct Entry: Sendable, Hashable {
        public var kind: String
        /// The path, `--sql`, or the resource id.
        public var name: String
        /// Lowercase hex SHA-256 of the bytes read.
        public var sha256: String

        public init(kind: String, name: String, sha256: String) {
            self.kind = kind
            self.name = name
            self.sha256 = sha256
        }
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    public init() {}

    /// Records `bytes` read as `kind` from `name`; an input read again with the same bytes is recorded once.
    func record(kind: String, name: String, bytes: some Sequence<UInt8>) {
        let entry = Entry(kind: kind, name: name, sha256: Self.sha256(bytes))
        lock.withLock {
            if !entries.contains(entry) { entries.append(entry) }
        }
    }

    /// The inputs in the order they were read.
    public var recorded: [Entry] { lock.withLock { entries } }

    /// Lowercase hex SHA-256.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
