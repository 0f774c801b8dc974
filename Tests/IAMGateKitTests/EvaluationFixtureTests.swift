import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// One fixture case, named by its file and its `name` (which cites the AWS doc rule it checks).
struct FixtureCase: CustomTestStringConvertible, Sendable {
    var file: String
    var evaluationCase: EvaluationCase

    var testDescription: String { "\(file): \(evaluationCase.name)" }
}

enum Fixtures {
    static let directory = packageRoot.appendingPathComponent("fixtures/evaluation")

    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Every case of every fixture file; a file that fails to load yields no cases and is caught by `allLoad`.
    static let cases: [FixtureCase] = files.flatMap { file -> [FixtureCase] in
        let path = directory.appendingPathComponent(file).path
        let loaded = (try? EvaluationCaseLoader.load(path: path)) ?? []
        return loaded.map { FixtureCase(file: file, evaluationCase: $0) }
    }

    /// ``cases``, or an error when there are none, so the parameterised test fails instead of running no case.
    static func casesToRun() throws -> [FixtureCase] {
        guard !cases.isEmpty else { throw MissingFixtures(description: "no evaluation cases in \(directory.path)") }
        return cases
    }
}

/// A fixture folder the tests need is missing or empty.
struct MissingFixtures: Error, CustomStringConvertible {
    var description: String
}

/// The data-driven corpus under `fixtures/evaluation/`: each case names the AWS doc rule it checks, and the engine
/// must reach the expected decision (and `blockedBy`, missing keys, condition count where given).
@Suite("Evaluation fixtures")
struct EvaluationFixtureTests {
    @Test("every fixture file loads")
    func allLoad() throws {
        #expect(!Fixtures.files.isEmpty, "no fixture files in \(Fixtures.directory.path)")
        for file in Fixtures.files {
            let path = Fixtures.directory.appendingPathComponent(file).path
            #expect(throws: Never.self, "\(file) must load") { _ = try EvaluationCaseLoader.load(path: path) }
        }
    }

    @Test("the corpus has at least 300 cases, each with an expectation and a unique name citing a doc page")
    func corpusShape() {
        #expect(Fixtures.cases.count >= 300)
        var names: Set<String> = []
        for fixture in Fixtures.cases {
            let name = fixture.evaluationCase.name
            #expect(fixture.evaluationCase.expected != nil, "\(name) has no expectation")
            #expect(names.insert(name).inserted, "duplicate case name \(name)")
            #expect(name.contains(".md") || name.contains("docs.aws.amazon.com"), "\(name) cites no doc rule")
        }
    }

    @Test("case", arguments: try Fixtures.casesToRun())
    func fixture(_ fixture: FixtureCase) throws {
        let result = try #require(EvaluationRunner.run(cases: [fixture.evaluationCase]).first)
        #expect(result.held == true, "\(result.mismatches.map(ReportSentences.mismatch).joined(separator: "; "))")
    }
}
