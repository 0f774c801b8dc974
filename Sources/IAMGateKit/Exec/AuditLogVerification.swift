import JSON

/// `iamgate audit-log verify FILE`: walks the chain of an exec audit log. Each record's `prev` must be the SHA-256 of
/// the line before it (empty for the first), so the first record where that fails is where the log was changed,
/// records removed or reordered. A chain cannot show that records were cut from its end: compare the count with what
/// you expect.
public struct AuditLogVerification: Sendable, Hashable {
    /// Records read.
    public var records: Int
    /// The first record (1-based) whose `prev` does not match the line before it, with what is wrong; `nil` when the
    /// chain holds.
    public var firstBroken: Int?
    public var problem: String?

    public var intact: Bool { firstBroken == nil }

    /// Verifies the log at `path`; a file that cannot be read, or a line that is not a JSON object with a `prev`
    /// string, is an input error naming the line.
    public static func verify(path: String) throws(InputError) -> AuditLogVerification {
        let bytes = try FileInput.read(path, what: "audit log")
        guard !bytes.isEmpty else { return AuditLogVerification(records: 0) }
        guard bytes.last == 0x0A else {
            let lines = bytes.count { $0 == 0x0A } + 1
            return AuditLogVerification(
                records: lines, firstBroken: lines,
                problem: "the last line (\(lines)) is not complete: the log was cut or edited")
        }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        var previous = ""
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let node: JSONNode
            do {
                node = try JSONParser.parse(Array(line))
            } catch {
                throw InputError(
                    "audit log '\(path)' line \(number): not a JSON record (\(error.message))", cause: error)
            }
            guard let prev = node.objectValue?.first(where: { $0.key == "prev" })?.value.stringValue else {
                throw InputError("audit log '\(path)' line \(number): the record has no 'prev' string")
            }
            guard prev == previous else {
                let problem =
                    number == 1
                    ? "record 1 names a record before it: the log's first records were removed"
                    : "record \(number) does not follow record \(number - 1): record \(number - 1) was changed, or "
                        + "records were removed or reordered between them"
                return AuditLogVerification(records: lines.count, firstBroken: number, problem: problem)
            }
            previous = InputLedger.sha256(line)
        }
        return AuditLogVerification(records: lines.count)
    }

    init(records: Int, firstBroken: Int? = nil, problem: String? = nil) {
        self.records = records
        self.firstBroken = firstBroken
        self.problem = problem
    }
}
