import Foundation
import Testing

/// `iamgate audit-log verify`: each record of an exec audit log carries the SHA-256 of the line before it, so a
/// changed, removed or reordered record breaks the chain at a record the command names.
@Suite("iamgate audit-log verify")
struct AuditLogCommandTests {
    static func sha256(_ text: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    /// Three chained records, as exec writes them.
    static func chain() throws -> [String] {
        let first = #"{"record":"run","prev":""}"#
        let second = #"{"record":"intent","statement":{"index":1},"prev":"\#(try sha256(first))"}"#
        let third = #"{"record":"outcome","statement":1,"status":"SUCCESS","prev":"\#(try sha256(second))"}"#
        return [first, second, third]
    }

    static func verify(_ lines: [String], trailingNewline: Bool = true) throws -> CLIResult {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("audit.jsonl")
        try Data((lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")).utf8).write(to: file)
        return try CLI.run(["audit-log", "verify", file.path])
    }

    @Test("an intact chain: exit 0 and the record count")
    func intact() throws {
        let result = try Self.verify(try Self.chain())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix(": 3 records, the chain holds\n"))
    }

    @Test("a changed record is named by the break after it")
    func changed() throws {
        var lines = try Self.chain()
        lines[1] = lines[1].replacingOccurrences(of: "\"index\":1", with: "\"index\":2")
        let result = try Self.verify(lines)
        #expect(result.status == 2)
        #expect(result.stdout.contains("record 3 does not follow record 2: record 2 was changed"))
    }

    @Test("a removed or reordered record breaks the chain where it was")
    func removedAndReordered() throws {
        let lines = try Self.chain()
        let removed = try Self.verify([lines[0], lines[2]])
        #expect(removed.status == 2 && removed.stdout.contains("record 2 does not follow record 1"))
        let reordered = try Self.verify([lines[0], lines[2], lines[1]])
        #expect(reordered.status == 2 && reordered.stdout.contains("record 2 does not follow record 1"))
        let headless = try Self.verify([lines[1], lines[2]])
        #expect(headless.status == 2 && headless.stdout.contains("the log's first records were removed"))
    }

    @Test("a cut last line, or a line that is not a record, is reported with its line")
    func malformed() throws {
        let lines = try Self.chain()
        let cut = try Self.verify([lines[0], String(lines[1].prefix(10))], trailingNewline: false)
        #expect(cut.status == 2 && cut.stdout.contains("the last line (2) is not complete"))
        let garbage = try Self.verify([lines[0], "not json"])
        #expect(garbage.status == 64)
        #expect(garbage.stderr.contains("line 2: not a JSON record"))
    }
}
