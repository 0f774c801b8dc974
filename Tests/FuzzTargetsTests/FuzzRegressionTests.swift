import Foundation
import FuzzTargets
import Testing
import TimingTestSupport

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Issue 14: every input fuzzing found that crashed a target or took it too long is kept in
/// `fixtures/fuzz-regressions/<target>/` and replayed here through the same target code libFuzzer runs, so a fix that
/// comes undone fails the test suite, not only the next fuzzing run.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static let directory = packageRoot.appendingPathComponent("fixtures/fuzz-regressions")
    /// The limit of issue 14 ("no input … makes a command take more than a second"), in CPU time of the thread, so
    /// that a busy machine does not make the test fail; a debug build is slower than the one users run.
    static let limit: Double = 1

    /// The kept inputs of `target`, by file name.
    static func inputs(_ target: FuzzTarget) throws -> [URL] {
        let folder = directory.appendingPathComponent(target.rawValue)
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("the README lists every kept input, and every input it lists is kept")
    func readmeListsEveryInput() throws {
        let readme = try String(contentsOf: Self.directory.appendingPathComponent("README.md"), encoding: .utf8)
        // Table rows: | `target/file` | … |
        let listed = Set(
            readme.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
                return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
            })
        var kept: Set<String> = []
        for target in FuzzTarget.allCases {
            kept.formUnion(try Self.inputs(target).map { "\(target.rawValue)/\($0.lastPathComponent)" })
        }
        #expect(!kept.isEmpty)
        #expect(
            listed == kept,
            "listed but not kept: \(listed.subtracting(kept)); kept but not listed: \(kept.subtracting(listed))")
    }

    @Test("every kept input runs through its target without a crash, in under a second", arguments: FuzzTarget.allCases)
    func replay(_ target: FuzzTarget) throws {
        for input in try Self.inputs(target) {
            let bytes = try [UInt8](Data(contentsOf: input))
            let seconds = CPUTime.measure { target.run(bytes) }
            #expect(seconds < Self.limit, "\(target.rawValue)/\(input.lastPathComponent) took \(seconds) s")
        }
    }
}
