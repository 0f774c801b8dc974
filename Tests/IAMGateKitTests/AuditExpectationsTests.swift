import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit

/// The audit's expectations file: every error the reader gives, every status the evaluator gives on the example
/// account (`policies/examples/accounts/111122223333.json`), and which exit conclusion wins.
@Suite("Audit expectations")
struct AuditExpectationsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let columns = ["get_resource", "list_resources", "create_resource", "update_resource", "delete_resource"]

    /// A valid file whose lines 1–7 are known; `replace` swaps a line (1-based) for other lines, `nil` drops it.
    static func file(_ replace: [Int: String?] = [:], append: [String] = []) -> String {
        let lines = [
            "version: 1",
            "expectations:",
            "  - name: e",
            "    operations: [delete_resource]",
            "    only: [\"role/ops-admin\"]",
            "    owner: sec@example.com",
            "    reason: because",
        ]
        var result: [String] = []
        for (index, line) in lines.enumerated() {
            if let replacement = replace[index + 1] {
                if let replacement { result.append(replacement) }
            } else {
                result.append(line)
            }
        }
        return (result + append).joined(separator: "\n") + "\n"
    }

    static func read(_ yaml: String, columns: [String] = columns) throws -> [AuditExpectation] {
        try AuditExpectationsReader(file: "exp.yml", columns: columns).expectations(yaml: yaml)
    }

    // MARK: - Reading

    @Test("a valid file: every key read, operations in the audit's order, an absent 'operations' is every column")
    func reads() throws {
        let expectations = try Self.read(
            Self.file(
                [4: "    operations: [update_resource, get_resource, get_resource]"],
                append: [
                    "    expires: 2027-06-30",
                    "  - name: ci reads",
                    "    must: [role/ci, \"user/*\"]",
                    "    owner: ci@example.com",
                    "    reason: builds read images",
                ]))
        #expect(expectations.count == 2)
        let first = try #require(expectations.first)
        #expect(first.name == "e")
        #expect(first.rule == .only(["role/ops-admin"]))
        #expect(first.columns == ["get_resource", "update_resource"])
        #expect(first.owner == "sec@example.com")
        #expect(first.reason == "because")
        #expect(first.expires == CalendarDate(year: 2027, month: 6, day: 30))
        #expect(first.source == "exp.yml")
        #expect(first.line == 3)
        let second = try #require(expectations.last)
        #expect(second.rule == .must(["role/ci", "user/*"]))
        #expect(second.columns == Self.columns)
        #expect(second.expires == nil)
        #expect(second.line == 9)
        // `only: []`: nobody may.
        #expect(try Self.read(Self.file([5: "    only: []"])).first?.rule == .only([]))
    }

    @Test("a catalog method name covers every --sql column of that method; a column may be named whole")
    func sqlColumns() throws {
        let columns = [
            "create_resource @ deploy.iql:3", "delete_resource @ deploy.iql:9", "create_resource @ deploy.iql:12",
        ]
        let byMethod = try Self.read(Self.file([4: "    operations: [create_resource]"]), columns: columns)
        #expect(byMethod.first?.columns == ["create_resource @ deploy.iql:3", "create_resource @ deploy.iql:12"])
        let whole = try Self.read(
            Self.file([4: "    operations: [\"delete_resource @ deploy.iql:9\"]"]), columns: columns)
        #expect(whole.first?.columns == ["delete_resource @ deploy.iql:9"])
    }

    /// One malformed file and the sentence it gets (after `expectations 'exp.yml' `).
    struct BadFile: Sendable, CustomTestStringConvertible {
        var yaml: String
        var message: String
        var testDescription: String { message }
    }

    static let badFiles: [BadFile] = {
        let pairs: [(String, String)] = [
            (file([4: "    operations: [delete_resource"]), "line 5: invalid YAML"),
            ("", "the file is empty (expected 'version: 1' and 'expectations')"),
            (file([2: "expectation:"]), "line 2: unknown key 'expectation' (did you mean 'expectations'?)"),
            (
                file([6: "    onwer: sec@example.com"]),
                "line 6: expectations[0]: unknown key 'onwer' (did you mean 'owner'?)"
            ),
            (
                file([6: nil]),
                "line 3: expectations[0]: missing 'owner' (who answers for the expectation, e.g. a team's address)"
            ),
            (file([7: nil]), "line 3: expectations[0]: missing 'reason' (why the expectation must hold)"),
            (file([6: "    owner: \"\""]), "line 6: expectations[0].owner: must not be empty"),
            (file([3: "  - name: \" \""]), "line 3: expectations[0].name: must not be empty"),
            (
                file(append: ["    must: [role/ci]"]),
                "line 8: expectations[0]: expectation 'e' gives both 'only' and 'must'; give one (split it into two "
                    + "expectations)"
            ),
            (
                file([5: nil]),
                "line 3: expectations[0]: expectation 'e' has neither 'only' (who alone may) nor 'must' (who must be "
                    + "allowed)"
            ),
            (
                file([5: "    must: []"]),
                "line 5: expectations[0].must: the list is empty; name at least one principal pattern"
            ),
            (
                file([5: "    only:"]),
                "line 5: expectations[0].only: expected a list of principal patterns ([] for nobody), not nothing"
            ),
            (
                file(append: ["    expires: 2027-02-29"]),
                "line 8: expectations[0].expires: '2027-02-29' is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)"
            ),
            (
                file(append: ["    expires: 30/06/2027"]),
                "line 8: expectations[0].expires: '30/06/2027' is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)"
            ),
            (
                file([4: "    operations: [get_resource, delete_resouce]"]),
                "line 4: expectations[0].operations[1]: 'delete_resouce' is not an operation of this audit (did you "
                    + "mean 'delete_resource'?)"
            ),
            (
                file([4: "    operations: [drop_everything]"]),
                "line 4: expectations[0].operations[0]: 'drop_everything' is not an operation of this audit (its "
                    + "operations: get_resource, list_resources, create_resource, update_resource, delete_resource)"
            ),
            (
                file([4: "    operations: []"]),
                "line 4: expectations[0].operations: the list is empty; leave 'operations' out to mean every operation"
            ),
            (
                file(append: ["  - name: e", "    only: []", "    owner: o", "    reason: r"]),
                "line 8: expectations[1].name: duplicate name 'e' (first at line 3); each expectation needs its own "
                    + "name"
            ),
            (file([1: "version: 2"]), "line 1: version: unsupported version '2' (expected 1)"),
            (file([1: nil]), "line 1: missing 'version' (write 'version: 1')"),
            (
                "version: 1\nexpectations: []\n",
                "line 2: expectations: the list is empty; give at least one expectation"
            ),
            (file(append: ["    owner: twice@example.com"]), "line 6: duplicate key 'owner' in a mapping"),
        ]
        return pairs.map { BadFile(yaml: $0.0, message: $0.1) }
    }()

    @Test("every bad input is one sentence naming the file, the line and the key", arguments: badFiles)
    func badInput(bad: BadFile) {
        let message = bad.message
        do {
            let expectations = try Self.read(bad.yaml)
            Issue.record("read \(expectations.count) expectations, expected: \(message)")
        } catch {
            let place = message.hasPrefix("line ") ? " " : ": "
            #expect("\(error)".hasPrefix("expectations 'exp.yml'\(place)\(message)"), "\(error)")
            #expect((error as? InputError)?.cause is AuditExpectationsError)
        }
    }

    @Test("an unreadable file names itself")
    func unreadable() {
        #expect(throws: InputError.self) { try AuditExpectationsReader.load("no-such.yml", columns: Self.columns) }
        do {
            _ = try AuditExpectationsReader.load("no-such.yml", columns: Self.columns)
        } catch {
            #expect(error.message == "cannot read expectations file 'no-such.yml': no such file or directory")
        }
    }

    // MARK: - Judging

    /// The example account's audit: alice may update but create only under a condition, frank may get only under a
    /// condition, image-auditor and bob may not create, update or delete, ops-admin may do everything, dave is not
    /// resolved (his managed policy is missing).
    static func exampleReport() throws -> AuditReport {
        var options = AuditOptions()
        options.authorizationDetails = [
            root.appendingPathComponent("policies/examples/accounts/111122223333.json").path
        ]
        options.region = "us-east-1"
        return try AuditRunner.run(options)
    }

    static func judge(
        _ rule: AuditExpectation.Rule, _ columns: [String], expires: CalendarDate? = nil,
        asOf: String = "2026-12-07"
    ) throws -> AuditExpectationResult {
        let expectation = AuditExpectation(
            name: "x", rule: rule, columns: columns, owner: "o@example.com", reason: "r", expires: expires,
            source: "exp.yml", line: 3)
        let day = try #require(CalendarDate(asOf))
        let results = AuditExpectationEvaluator.evaluate([expectation], in: try exampleReport(), asOf: day)
        return try #require(results.first)
    }

    static let alice = "arn:aws:iam::111122223333:user/engineering/alice"
    static let dave = "arn:aws:iam::111122223333:user/dave"
    static let frank = "arn:aws:iam::111122223333:user/frank"

    @Test("held: every principal it names is allowed (must); nobody it does not name is allowed (only)")
    func held() throws {
        let must = try Self.judge(.must(["role/image-auditor"]), ["get_resource", "list_resources"])
        #expect(must.status == .held)
        #expect(must.findings.isEmpty)
        #expect(!must.needsAttention)
        // dave is named, so his unknown policies cannot break it.
        let only = try Self.judge(.only(["role/ops-admin", "dave"]), ["delete_resource"])
        #expect(only.status == .held)
        #expect(only.findings.isEmpty)
    }

    /// `reference_policies_evaluation-logic.md`: an identity-based allow with no deny is allowed; a request no policy
    /// allows is implicitly denied by the identity-based policies.
    @Test("broken: a principal it does not name is allowed, one it names is denied, or it names nobody")
    func broken() throws {
        let only = try Self.judge(
            .only(["role/ci-deployer", "role/ops-admin"]), ["create_resource", "update_resource"])
        #expect(only.status == .broken)
        let breaking = only.findings.filter(\.breaks)
        #expect(breaking == [AuditExpectationFinding(kind: .allowed, principal: Self.alice, column: "update_resource")])
        // What would leave it undecided is listed too, after what breaks it.
        #expect(only.findings.last == AuditExpectationFinding(kind: .unresolved, principal: Self.dave))
        #expect(
            only.findings.contains {
                $0.kind == .undetermined && $0.principal == Self.alice && $0.column == "create_resource"
            })

        let must = try Self.judge(.must(["role/image-auditor"]), ["delete_resource"])
        #expect(must.status == .broken)
        let denied = try #require(must.findings.first)
        #expect(denied.kind == .denied)
        #expect(denied.principal == "arn:aws:iam::111122223333:role/image-auditor")
        #expect(denied.verdict == .denied)
        #expect(denied.blockedBy == [.identity])

        let nobody = try Self.judge(.must(["role/deploy-*"]), ["get_resource"])
        #expect(nobody.status == .broken)
        #expect(nobody.findings == [AuditExpectationFinding(kind: .noPrincipal)])

        let none = try Self.judge(.only([]), ["delete_resource"])
        #expect(none.status == .broken)
        #expect(none.findings.filter(\.breaks).map(\.principal) == ["arn:aws:iam::111122223333:role/ops-admin"])
    }

    /// `reference_policies_elements_condition.md`: a condition on a key the request does not carry decides nothing
    /// beforehand, so the cell is undetermined and names the condition.
    @Test("undetermined: a deciding cell is undetermined, or a principal that might decide it is not resolved")
    func undetermined() throws {
        let cell = try Self.judge(.must(["user/frank"]), ["get_resource"])
        #expect(cell.status == .undetermined)
        let finding = try #require(cell.findings.first)
        #expect(finding.kind == .undetermined)
        #expect(finding.principal == Self.frank)
        #expect(finding.column == "get_resource")
        #expect(!finding.conditions.isEmpty)
        #expect(!finding.breaks)

        let unresolved = try Self.judge(.only(["role/ops-admin"]), ["delete_resource"])
        #expect(unresolved.status == .undetermined)
        #expect(unresolved.findings == [AuditExpectationFinding(kind: .unresolved, principal: Self.dave)])

        // A `must` whose only match is unresolved: unknown, not broken for lack of a principal.
        let onlyDave = try Self.judge(.must(["user/dave"]), ["get_resource"])
        #expect(onlyDave.status == .undetermined)
        #expect(onlyDave.findings == [AuditExpectationFinding(kind: .unresolved, principal: Self.dave)])
    }

    @Test("expired from its 'expires' day on, still reporting what it found")
    func expired() throws {
        let day = try #require(CalendarDate("2026-01-31"))
        let onTheDay = try Self.judge(.must(["role/image-auditor"]), ["get_resource"], expires: day, asOf: "2026-01-31")
        #expect(onTheDay.expired)
        #expect(onTheDay.status == .held)
        #expect(onTheDay.needsAttention)
        let before = try Self.judge(
            .must(["role/image-auditor"]), ["get_resource"], expires: day,
            asOf: "2026-01-30")
        #expect(!before.expired)
        let brokenAndExpired = try Self.judge(.must(["role/image-auditor"]), ["delete_resource"], expires: day)
        #expect(brokenAndExpired.expired)
        #expect(brokenAndExpired.status == .broken)
        #expect(
            ReportSentences.expectationExpiry(brokenAndExpired)
                == "expired on 2026-01-31: its owner o@example.com must renew or remove it")
    }

    @Test("the runner reads the file before checking any principal and judges the example file")
    func runner() throws {
        var options = AuditOptions()
        options.authorizationDetails = [
            Self.root.appendingPathComponent("policies/examples/accounts/111122223333.json").path
        ]
        options.region = "us-east-1"
        options.expectationsFile = Self.root.appendingPathComponent("policies/examples/expectations.yml").path
        options.asOf = "2026-12-07"
        let report = try AuditRunner.run(options)
        #expect(report.expectations.map(\.status) == [.held, .broken, .undetermined, .undetermined])
        #expect(report.expectations.map(\.expired) == [false, false, false, true])
        #expect(report.expectationsAsOf == CalendarDate(year: 2026, month: 12, day: 7))
        #expect(AuditConclusion(report) == .expectationBroken)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "iamgate-exp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.yml")
        try Data(Self.file([4: "    operations: [destroy]"]).utf8).write(to: bad)
        options.expectationsFile = bad.path
        let progress = Counter()
        #expect(throws: InputError.self) { try AuditRunner.run(options, progress: { done, _ in progress.add(done) }) }
        #expect(progress.value == 0)

        options.expectationsFile = nil
        #expect(throws: InputError.self) { try AuditRunner.run(options) }
        options.expectationsFile = bad.path
        options.asOf = "2026-12-32"
        do {
            _ = try AuditRunner.run(options)
            Issue.record("a bad --as-of was accepted")
        } catch {
            #expect(error.message == "--as-of '2026-12-32' is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)")
        }
    }

    /// Counts progress calls from the audit's threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add(_ value: Int) {
            lock.lock()
            count += 1
            lock.unlock()
        }
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
    }

    // MARK: - Exit

    static func result(_ status: AuditExpectationStatus, expired: Bool = false) -> AuditExpectationResult {
        AuditExpectationResult(
            expectation: AuditExpectation(
                name: "\(status)", rule: .only([]), columns: [], owner: "o", reason: "r", source: "f", line: 1),
            status: status, expired: expired, findings: [])
    }

    @Test(
        "a broken or expired expectation wins over an undetermined one, which wins over unresolved principals",
        arguments: [
            ([AuditExpectationStatus](), false, false, AuditConclusion.complete),
            ([], true, false, .unresolvedPrincipals),
            ([.held], false, false, .complete),
            ([.held], true, false, .unresolvedPrincipals),
            ([.held, .undetermined], true, false, .expectationUndetermined),
            ([.undetermined], false, false, .expectationUndetermined),
            ([.undetermined, .broken], true, false, .expectationBroken),
            ([.broken], false, false, .expectationBroken),
            ([.held], false, true, .expectationBroken),
            ([.undetermined], true, true, .expectationBroken),
        ])
    func conclusion(
        statuses: [AuditExpectationStatus], unresolved: Bool, lastExpired: Bool, expected: AuditConclusion
    ) {
        var report = AuditReport(
            resource: "awscc.imagebuilder.images", source: .local, mode: .discovery, inputs: [], columns: [],
            principals: [],
            errors: unresolved
                ? [AuditError(principal: Self.dave, type: .user, account: "111122223333", message: "missing policy")]
                : [])
        report.expectations = statuses.enumerated().map { index, status in
            Self.result(status, expired: lastExpired && index == statuses.count - 1)
        }
        #expect(AuditConclusion(report) == expected)
    }

    // MARK: - Dates

    @Test("dates: exactly YYYY-MM-DD and a real day; the UTC day of a time")
    func dates() throws {
        #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate("2000-02-29") != nil)
        for bad in [
            "2023-02-29", "1900-02-29", "2027-04-31", "2027-13-01", "2027-6-30", "27-06-30", "2027-06-30T00:00",
            "2027/06/30", "", "２０２７-06-30",
        ] {
            #expect(CalendarDate(bad) == nil, "\(bad)")
        }
        #expect(CalendarDate(secondsSince1970: 0).description == "1970-01-01")
        #expect(CalendarDate(secondsSince1970: 1_796_601_600).description == "2026-12-07")
        #expect(CalendarDate(secondsSince1970: 1_796_601_599).description == "2026-12-06")
        #expect(CalendarDate(secondsSince1970: 951_782_400).description == "2000-02-29")
        #expect(CalendarDate(secondsSince1970: -1).description == "1969-12-31")
        #expect(try #require(CalendarDate("2026-01-31")) < #require(CalendarDate("2026-02-01")))
    }
}
