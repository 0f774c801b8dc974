import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit

/// Audit reports read back (`AuditReportReader`), compared (`AuditDiffer`) and merged (`AuditMerger`), on small reports
/// written here in the layout `iamgate audit --format json` writes (README "iamgate audit", the JSON contract
/// `fixtures/schemas/audit-report.schema.json`). The rules checked are iamgate's own (issue 13, README "audit diff"):
/// gained means more permissive (denied → undetermined → allowed; a new principal or operation counts as denied
/// before), lost the reverse.
@Suite("Audit diff and merge")
struct AuditDiffTests {
    static let ci = "arn:aws:iam::111122223333:role/ci"
    static let bob = "arn:aws:iam::111122223333:user/bob"
    static let other = "arn:aws:iam::444455556666:role/ci"

    /// A report in the audit's layout: the members one per line, one principal per line.
    static func report(
        columns: [String] = ["get_resource", "delete_resource"], mode: String = "discovery",
        resource: String = "awscc.imagebuilder.images",
        shared: [String] = ["operations: get_resource, delete_resource"],
        principals: [(String, [String])] = [], errors: [String] = [], version: String = "1"
    ) -> String {
        let accounts = (principals.map(\.0) + errors).map(account)
        var seen: Set<String> = []
        let distinct = accounts.filter { seen.insert($0).inserted }
        let accountLines = distinct.map { "authorization details \($0).json: account \($0)" }
        func strings(_ values: [String]) -> String { "[" + values.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        var text = "{\n  \"schemaVersion\": \(version),\n  \"resource\": \"\(resource)\",\n  \"source\": \"local\",\n"
        text += "  \"mode\": \"\(mode)\",\n  \"inputs\": \(strings(accountLines + shared)),\n"
        text += "  \"accountInputs\": \(accountLines.count),\n  \"operations\": \(strings(columns)),\n"
        text += "  \"accounts\": \(strings(distinct)),\n  \"principals\": ["
        for (index, (arn, verdicts)) in principals.enumerated() {
            let operations = zip(columns, verdicts).map { column, verdict in
                "{\"operation\":\"\(column)\",\"verdict\":\"\(verdict)\",\"reasons\":[\"why\"],\"blockedBy\":[],"
                    + "\"decidingStatements\":[],\"conditions\":[],\"requests\":[{\"action\":\"imagebuilder:GetImage\"}]}"
            }
            text += index == 0 ? "\n    " : ",\n    "
            text +=
                "{\"principal\":\"\(arn)\",\"type\":\"\(type(arn))\",\"account\":\"\(account(arn))\",\"name\":\"n\","
                + "\"groups\":[],\"operations\":[\(operations.joined(separator: ","))],\"policies\":[]}"
        }
        text += principals.isEmpty ? "],\n" : "\n  ],\n"
        let errorObjects = errors.map {
            "{\"principal\":\"\($0)\",\"type\":\"\(type($0))\",\"account\":\"\(account($0))\",\"message\":\"missing\"}"
        }
        text += "  \"errors\": [\(errorObjects.joined(separator: ","))],\n  \"escalations\": [],\n"
        text += "  \"expectations\": [],\n  \"totals\": [],\n  \"notes\": []\n}\n"
        return text
    }

    static func account(_ arn: String) -> String { String(arn.split(separator: ":")[3]) }
    static func type(_ arn: String) -> String { arn.contains(":user/") ? "user" : "role" }

    /// `line:column` of the first occurrence of `needle` in `text` (1-based, columns in bytes).
    static func location(of needle: String, in text: String) -> String {
        guard let range = text.range(of: needle) else { return "not found" }
        let before = text[..<range.lowerBound]
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).count
        let lastLine = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        return "\(line):\(lastLine.utf8.count + 1)"
    }

    static func read(_ text: String, path: String = "r.json") throws(InputError) -> SavedAuditReport {
        try AuditReportReader.read(Array(text.utf8), path: path)
    }

    static func readError(_ text: String) -> String? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error.message
        }
    }

    static func diff(_ old: String, _ new: String) throws -> AuditDiff {
        try AuditDiffer.diff(old: try read(old, path: "old.json"), new: try read(new, path: "new.json"))
    }

    // MARK: Reading

    @Test("the reader keeps each principal's identity, verdicts and the bytes of its line")
    func readsReport() throws {
        let text = Self.report(
            principals: [(Self.bob, ["allowed", "denied"]), (Self.ci, ["undetermined", "allowed"])],
            errors: ["arn:aws:iam::111122223333:user/dave"])
        let report = try Self.read(text)
        #expect(report.principals.map(\.arn) == [Self.bob, Self.ci])
        #expect(report.principals.map(\.verdicts) == [[.allowed, .denied], [.undetermined, .allowed]])
        #expect(report.principals.map(\.type) == [.user, .role])
        #expect(report.errors.map(\.principal) == ["arn:aws:iam::111122223333:user/dave"])
        #expect(report.accountInputLines == ["authorization details 111122223333.json: account 111122223333"])
        #expect(report.sharedInputs == ["operations: get_resource, delete_resource"])
        let bytes = Array(text.utf8)
        let line = String(decoding: bytes[try #require(report.principals.last).bytes], as: UTF8.self)
        #expect(line.hasPrefix("{\"principal\":\"\(Self.ci)\""))
        #expect(line.hasSuffix("\"policies\":[]}"))
        #expect(text.contains("    " + line + "\n  ],"))
    }

    @Test(
        "a malformed or foreign report is one sentence with the file, line:column and key",
        arguments: [
            (
                "{\n  \"schemaVersion\": 1,\n  \"resource\": \"x\"\n  \"source\": \"local\"\n}",
                "audit report 'r.json' line 4:3: invalid JSON: unexpected character '\"', expected ',' or '}'"
            ),
            (
                "{\n  \"resource\": \"x\"\n}",
                "audit report 'r.json' line 2:3: the report begins with 'resource', not 'schemaVersion': it was "
                    + "written by an older iamgate or another program (this iamgate reads audit reports of schema "
                    + "version 1); audit again"
            ),
            ("[]", "audit report 'r.json' line 1:1: an audit report is a JSON object, not an array"),
        ])
    func malformed(text: String, message: String) {
        let error = Self.readError(text)
        #expect(error?.hasPrefix(message) == true, "\(error ?? "no error")")
    }

    @Test("a report of another schema version is refused")
    func otherVersion() {
        let error = Self.readError(Self.report(version: "2"))
        #expect(
            error
                == "audit report 'r.json' line 2:20: 'schemaVersion' is 2, but this iamgate reads audit reports of "
                + "schema version 1 only; audit again, or use the iamgate that wrote it")
    }

    @Test("wrong, unknown and missing keys are named with their line:column")
    func strictKeys() throws {
        let good = Self.report(principals: [(Self.ci, ["allowed", "denied"])])
        let badVerdict = good.replacingOccurrences(of: "\"verdict\":\"denied\"", with: "\"verdict\":\"maybe\"")
        #expect(
            Self.readError(badVerdict)
                == "audit report 'r.json' line \(Self.location(of: "\"maybe\"", in: badVerdict)): 'verdict' is 'maybe'; "
                + "expected 'allowed', 'denied' or 'undetermined'")
        let unknown = good.replacingOccurrences(of: "\"notes\": []", with: "\"notes\": [], \"extra\": 1")
        #expect(
            Self.readError(unknown)?.hasPrefix(
                "audit report 'r.json' line \(Self.location(of: "\"extra\"", in: unknown)): unknown key 'extra' in the "
                    + "report") == true)
        // The operation without a verdict is the principal's second: the message points at its opening brace.
        let noVerdict = good.replacingOccurrences(of: "\"verdict\":\"denied\",", with: "")
        #expect(
            Self.readError(noVerdict)
                == "audit report 'r.json' line \(Self.location(of: "{\"operation\":\"delete_resource\"", in: noVerdict)): "
                + "an operation has no 'verdict'")
        let noErrors = good.replacingOccurrences(of: "  \"errors\": [],\n", with: "")
        #expect(Self.readError(noErrors) == "audit report 'r.json' line 1:1: the report has no 'errors'")
        let twice = good.replacingOccurrences(of: "\"name\":\"n\"", with: "\"name\":\"n\",\"name\":\"m\"")
        #expect(Self.readError(twice)?.hasSuffix("'name' is given twice in a principal") == true)
        let short = Self.report(columns: ["get_resource"], principals: [(Self.ci, ["allowed"])])
            .replacingOccurrences(of: "\"operations\": [\"get_resource\"]", with: "\"operations\": [\"a\",\"b\"]")
        #expect(
            Self.readError(short)
                == "audit report 'r.json' line 11:5: principal '\(Self.ci)' has 1 operations, but the report's "
                + "'operations' has 2")
    }

    // MARK: Diff

    /// Every pair of states a cell can be in: its verdict, `absent` (the principal is not in the report) or
    /// `unresolved` (the principal is in its errors).
    static let states = ["allowed", "undetermined", "denied", "absent", "unresolved"]
    static let transitions = states.flatMap { before in states.map { (before, $0) } }

    static func side(_ state: String) -> (principals: [(String, [String])], errors: [String]) {
        switch state {
        case "absent": return ([(bob, ["allowed"])], [])
        case "unresolved": return ([(bob, ["allowed"])], [ci])
        default: return ([(bob, ["allowed"]), (ci, [state])], [])
        }
    }

    @Test(
        "every verdict transition: gained when more permissive, lost when less, not compared when unresolved now",
        arguments: transitions)
    func transition(before: String, after: String) throws {
        let old = Self.side(before)
        let new = Self.side(after)
        let diff = try Self.diff(
            Self.report(columns: ["delete_resource"], principals: old.principals, errors: old.errors),
            Self.report(columns: ["delete_resource"], principals: new.principals, errors: new.errors))
        let rank = ["allowed": 2, "undetermined": 1]
        let from = rank[before] ?? 0
        let to = rank[after] ?? 0
        let expectGained = after != "unresolved" && to > from
        let expectLost = after != "unresolved" && to < from
        #expect(diff.gained.count == (expectGained ? 1 : 0))
        #expect(diff.lost.count == (expectLost ? 1 : 0))
        for change in diff.gained + diff.lost {
            #expect(change.principal.arn == Self.ci)
            #expect(change.column == "delete_resource")
            #expect(change.before.rawValue == before)
            #expect(change.after.rawValue == after)
        }
        #expect(diff.added.map(\.arn) == (before == "absent" && after != "absent" ? [Self.ci] : []))
        #expect(diff.removed.map(\.arn) == (after == "absent" && before != "absent" ? [Self.ci] : []))
        #expect(diff.newErrors.map(\.principal) == (after == "unresolved" && before != "unresolved" ? [Self.ci] : []))
        // bob is allowed in both, and ci too when it is checked in both with the same access.
        let both = !["absent", "unresolved"].contains(before) && !["absent", "unresolved"].contains(after)
        #expect(diff.unchanged == 1 + (both && from == to ? 1 : 0))
        #expect(diff.sameInputs)
    }

    @Test("reports of other operations: only the common ones are compared, the others named")
    func otherColumns() throws {
        let diff = try Self.diff(
            Self.report(columns: ["get_resource", "delete_resource"], principals: [(Self.ci, ["allowed", "denied"])]),
            Self.report(
                columns: ["delete_resource", "create_resource"],
                shared: ["operations: delete_resource, create_resource"],
                principals: [(Self.ci, ["allowed", "allowed"])]))
        #expect(diff.columns == ["delete_resource"])
        #expect(diff.columnsOnlyInOld == ["get_resource"])
        #expect(diff.columnsOnlyInNew == ["create_resource"])
        #expect(diff.gained.map(\.column) == ["delete_resource"])
        #expect(!diff.sameInputs)
        #expect(
            ReportSentences.auditDiffInputs(diff) == [
                "operations only in the old report, not compared: get_resource",
                "operations only in the new report, not compared: create_resource",
                "only the old audit was made with 'operations: get_resource, delete_resource'",
                "only the new audit was made with 'operations: delete_resource, create_resource'",
            ])
    }

    @Test("another mode or region is said; another resource is refused")
    func otherInputs() throws {
        let strict = try Self.diff(
            Self.report(principals: [(Self.ci, ["undetermined", "denied"])], errors: []),
            Self.report(
                mode: "strict", shared: ["operations: get_resource, delete_resource", "region: eu-west-1"],
                principals: [(Self.ci, ["denied", "denied"])]))
        #expect(strict.lost.map(\.column) == ["get_resource"])
        #expect(strict.inputsOnlyInNew == ["region: eu-west-1"])
        #expect(
            ReportSentences.auditDiffInputs(strict).first
                == "the old report was made in discovery mode and the new one in strict mode: a cell undetermined in "
                + "discovery mode is denied in strict mode")
        #expect(throws: InputError.self) {
            try Self.diff(Self.report(), Self.report(resource: "awscc.imagebuilder.components"))
        }
    }

    @Test("changes come in the audit's order: account, users before roles, ARN, then column")
    func order() throws {
        let diff = try Self.diff(
            Self.report(principals: []),
            Self.report(
                principals: [
                    (Self.other, ["allowed", "allowed"]), (Self.ci, ["undetermined", "denied"]),
                    (Self.bob, ["denied", "allowed"]),
                ]))
        #expect(diff.gained.map(\.principal.arn) == [Self.bob, Self.ci, Self.other, Self.other])
        #expect(diff.gained.map(\.column) == ["delete_resource", "get_resource", "get_resource", "delete_resource"])
        #expect(diff.added.map(\.arn) == [Self.bob, Self.ci, Self.other])
        #expect(diff.severalAccounts)
    }

    // MARK: Merge

    @Test("merge refuses reports of another resource, other operations, another mode, or the same account twice")
    func mergeRefuses() throws {
        let a = try Self.read(Self.report(principals: [(Self.ci, ["allowed", "denied"])]), path: "a.json")
        let sameAccount = try Self.read(Self.report(principals: [(Self.bob, ["allowed", "denied"])]), path: "b.json")
        #expect(
            Self.checkError([a, sameAccount])
                == "audit reports 'a.json' and 'b.json' both cover account 111122223333: merge each account once")
        let columns = try Self.read(
            Self.report(columns: ["get_resource"], principals: [(Self.other, ["allowed"])]), path: "c.json")
        #expect(
            Self.checkError([a, columns])
                == "audit reports 'a.json' and 'c.json' have different operations (get_resource, delete_resource and "
                + "get_resource): only reports of the same resource, operations and mode can be merged")
        let strict = try Self.read(
            Self.report(mode: "strict", principals: [(Self.other, ["allowed", "denied"])]), path: "d.json")
        #expect(Self.checkError([a, strict])?.contains("were made in different modes (discovery and strict)") == true)
        let resource = try Self.read(
            Self.report(resource: "awscc.imagebuilder.components", principals: [(Self.other, ["allowed", "denied"])]),
            path: "e.json")
        #expect(Self.checkError([a, resource])?.contains("are about different resources") == true)
        let fine = try Self.read(Self.report(principals: [(Self.other, ["denied", "denied"])]), path: "f.json")
        #expect(Self.checkError([a, fine]) == nil)
    }

    static func checkError(_ reports: [SavedAuditReport]) -> String? {
        do {
            try AuditMerger.check(reports)
            return nil
        } catch {
            return error.message
        }
    }

    /// Writes each text to a file of a fresh directory; returns the paths.
    static func files(_ texts: [String]) throws -> (directory: URL, paths: [String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "audit-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var paths: [String] = []
        for (index, text) in texts.enumerated() {
            let url = directory.appendingPathComponent("\(index).json")
            try Data(text.utf8).write(to: url)
            paths.append(url.path)
        }
        return (directory, paths)
    }

    static func merged(_ merge: AuditMerger.Merge) throws(InputError) -> String {
        var bytes: [UInt8] = []
        try AuditMerger.write(merge) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("the organization's policies (--from-organization) of one report are kept; two reports with them are refused")
    func organization() throws {
        func withOrganization(_ text: String, _ account: String) -> String {
            let organization =
                "{\"account\":\"\(account)\",\"status\":\"read\",\"policiesSeen\":true,\"policiesKnown\":true,"
                + "\"notes\":[]}"
            return text.replacingOccurrences(
                of: "\"notes\": []\n}", with: "\"notes\": [],\n  \"organization\": \(organization)\n}")
        }
        let a = withOrganization(Self.report(principals: [(Self.ci, ["allowed", "denied"])]), "111122223333")
        let b = Self.report(principals: [(Self.other, ["denied", "denied"])])
        let c = withOrganization(Self.report(principals: [(Self.other, ["denied", "denied"])]), "444455556666")
        let (directory, paths) = try Self.files([a, b, c])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.read(a).organization != nil)
        let merged = try Self.merged(try AuditMerger.read([paths[0], paths[1]]))
        #expect(
            merged.hasSuffix(
                "  \"notes\": [],\n  \"organization\": {\"account\":\"111122223333\",\"status\":\"read\","
                    + "\"policiesSeen\":true,\"policiesKnown\":true,\"notes\":[]}\n}\n"))
        #expect(try Self.read(merged).principals.map(\.arn) == [Self.ci, Self.other])
        #expect(throws: InputError.self) { try AuditMerger.read([paths[0], paths[2]]) }
    }

    @Test("a report that changed between reading and copying its lines is refused")
    func changedWhileMerging() throws {
        let a = Self.report(principals: [(Self.ci, ["allowed", "denied"])])
        let b = Self.report(principals: [(Self.other, ["denied", "denied"])])
        let (directory, paths) = try Self.files([a, b])
        defer { try? FileManager.default.removeItem(at: directory) }
        let merge = try AuditMerger.read(paths)
        try Data((b + " ").utf8).write(to: URL(fileURLWithPath: paths[1]))
        #expect(throws: InputError.self) { try Self.merged(merge) }
        do {
            _ = try Self.merged(merge)
        } catch {
            #expect(error.message == "audit report '\(paths[1])' changed while it was being merged; merge again")
        }
    }

    @Test("merged totals are recomputed over every report's principals")
    func mergedTotals() throws {
        let a = try Self.read(
            Self.report(principals: [(Self.bob, ["allowed", "denied"]), (Self.ci, ["undetermined", "denied"])]))
        let b = try Self.read(Self.report(principals: [(Self.other, ["allowed", "allowed"])]))
        let totals = AuditMerger.totals([a, b])
        #expect(totals.map(\.column) == ["get_resource", "delete_resource"])
        #expect(totals.map(\.allowed) == [2, 1])
        #expect(totals.map(\.denied) == [0, 2])
        #expect(totals.map(\.undetermined) == [1, 0])
    }
}
