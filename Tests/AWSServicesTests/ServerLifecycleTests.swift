import AWSTestSupport
import Foundation
import Testing

/// The servers the live-mode tests start must not outlive them: stopping or releasing a ``FakeAWSServer`` ends its
/// process, and stopping or releasing a ``MotoServer`` ends every process of moto's process group (moto itself, not
/// only the `timeout` leading it).
@Suite("Fake AWS server and moto leave no process behind")
struct ServerLifecycleTests {
    static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    /// The command line of process `pid`, arguments joined with spaces; empty when it is gone.
    static func commandLine(_ pid: Int32) -> String {
        let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return String(decoding: bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// The processes in process group `group`, from `/proc/<pid>/stat` (the field after state and parent).
    static func processes(inGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
                let text = String(data: stat, encoding: .utf8), let end = text.lastIndex(of: ")")
            else { return false }
            let fields = text[text.index(after: end)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[2]) == group
        }
    }

    @Test("stop() and release end the fake AWS server's process")
    func fakeServerLeavesNoProcess() throws {
        let server = try FakeAWSServer()
        let pid = server.processIdentifier
        #expect(Self.commandLine(pid).contains("fake-aws-server.py"))
        server.stop()
        #expect(!Self.processExists(pid))
        server.stop()  // idempotent

        var released: Int32 = 0
        do {
            let server = try FakeAWSServer()
            released = server.processIdentifier
            withExtendedLifetime(server) { #expect(Self.processExists(released)) }
        }
        #expect(released > 0 && !Self.processExists(released))
    }

    @Test("stop() and release end moto's whole process group")
    func motoLeavesNoProcess() throws {
        let moto = try MotoServer()
        let group = moto.processGroup
        let members = Self.processes(inGroup: group)
        #expect(members.contains { Self.commandLine($0).contains("moto.server") })
        moto.stop()
        #expect(Self.processes(inGroup: group).isEmpty)
        #expect(members.allSatisfy { !Self.processExists($0) })
        moto.stop()  // idempotent

        var released: Int32 = 0
        do {
            let server = try MotoServer()
            released = server.processGroup
            withExtendedLifetime(server) { #expect(!Self.processes(inGroup: released).isEmpty) }
        }
        #expect(released > 0 && Self.processes(inGroup: released).isEmpty)
    }
}
