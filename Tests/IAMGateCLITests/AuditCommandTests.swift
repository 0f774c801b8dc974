import Foundation
import Testing

/// `iamgate audit` end to end: the example account (`policies/examples/accounts/111122223333.json`: users in groups, a
/// boundary, roles with managed and inline policies, a user whose managed policy is missing) and a fixture account
/// whose users share their policies but not their verdicts (`fixtures/authorization-details/audit-shared-policies.json`).
@Suite("iamgate audit")
struct AuditCommandTests {
    static let account = "policies/examples/accounts/111122223333.json"
    static let shared = "fixtures/authorization-details/audit-shared-policies.json"
    static let base = ["audit", "--authorization-details", account, "--region", "us-east-1"]
    static let operations = ["get_resource", "list_resources", "create_resource", "update_resource", "delete_resource"]

    /// The audit's JSON report, parsed.
    static func json(_ arguments: [String]) throws -> (status: Int32, report: [String: Any]) {
        let result = try CLI.run(arguments + ["--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let report = try #require(object as? [String: Any], "\(result.stderr)")
        return (result.status, report)
    }

    static func principals(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["principals"] as? [[String: Any]])
    }

    /// The principal with `arn`'s operations, by name.
    static func cells(_ report: [String: Any], _ arn: String) throws -> [String: [String: Any]] {
        let principal = try #require(try principals(report).first { $0["principal"] as? String == arn }, "\(arn)")
        let operations = try #require(principal["operations"] as? [[String: Any]])
        var cells: [String: [String: Any]] = [:]
        for operation in operations { cells[operation["operation"] as? String ?? ""] = operation }
        return cells
    }

    static func verdicts(_ report: [String: Any], _ arn: String) throws -> [String] {
        let cells = try cells(report, arn)
        return operations.map { cells[$0]?["verdict"] as? String ?? "missing" }
    }

    @Test("text: the matrix of every user and role, the unresolved principal, the totals; exit 6")
    func textMatrix() throws {
        let result = try CLI.run(Self.base)
        #expect(result.status == 6, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        func row(_ name: String) -> [String]? { rows.first { $0.first == name }.map { Array($0.dropFirst(2)) } }
        #expect(row("user/bob") == ["allowed", "allowed", "denied", "denied", "denied"])
        #expect(row("user/erin") == ["allowed", "allowed", "denied", "denied", "denied"])
        #expect(row("user/engineering/alice") == ["allowed", "allowed", "undetermined", "allowed", "denied"])
        #expect(row("user/frank") == ["undetermined", "denied", "denied", "denied", "denied"])
        #expect(row("role/ci-deployer") == ["allowed", "allowed", "undetermined", "allowed", "denied"])
        #expect(row("role/image-auditor") == ["allowed", "allowed", "denied", "denied", "denied"])
        #expect(row("role/ops-admin") == ["allowed", "allowed", "allowed", "allowed", "allowed"])
        #expect(row("role/service-role/imagebuilder-exec") == ["denied", "denied", "denied", "denied", "denied"])
        // Groups are reported through their members, never as principals; dave is an error, not a row.
        #expect(row("group/image-readers") == nil)
        #expect(row("user/dave") == nil)
        #expect(result.stdout.contains("1 principal could not be resolved (not checked):"))
        #expect(
            result.stdout.contains(
                "✗ arn:aws:iam::111122223333:user/dave: authorization details '\(Self.account)': the file does not "
                    + "contain managed policy 'arn:aws:iam::111122223333:policy/RetiredImageAccess' attached to user "
                    + "'dave'"))
        #expect(row("delete_resource") == ["7", "0"])
        #expect(result.stdout.contains("8 principals checked, 1 not resolved"))
        // No progress when stderr is not a terminal.
        #expect(result.stderr.isEmpty)
    }

    @Test("on a terminal, stderr shows how many principals are done")
    func progressOnATerminal() throws {
        // `script` (util-linux) runs the command on a pseudo-terminal and copies what it shows.
        let command = ([CLI.binary.path] + Self.base + ["--format", "csv"]).joined(separator: " ")
        let result = try CLI.run(["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.stdout.contains("\r\u{1B}[2Kauditing: 9 of 9 principals"))
        #expect(result.stdout.contains("account,principal,type,operation,verdict"))
    }

    @Test("--resource: any resource of the catalog")
    func otherResource() throws {
        let (status, report) = try Self.json(
            Self.base + ["--resource", "awscc.imagebuilder.image_recipes", "--principal", "role/ops-admin"])
        #expect(status == 0)
        #expect(report["resource"] as? String == "awscc.imagebuilder.image_recipes")
        let cells = try Self.cells(report, "arn:aws:iam::111122223333:role/ops-admin")
        let get = try #require(cells["get_resource"]?["requests"] as? [[String: Any]])
        #expect(get.contains { $0["action"] as? String == "imagebuilder:GetImageRecipe" })
        #expect(
            try Self.verdicts(report, "arn:aws:iam::111122223333:role/ops-admin")
                == Array(repeating: "allowed", count: 5))
    }

    /// `reference_policies_evaluation-logic.md`: an explicit deny in a permissions boundary or an SCP wins over any
    /// allow; an identity that no policy allows is implicitly denied; an allow under a condition on an unknown key
    /// (`aws:SourceIp`) holds only if it does.
    @Test(
        "json: each cell carries the check's evidence: deciding statements and their policy, blocking types, conditions"
    )
    func jsonEvidence() throws {
        let (status, report) = try Self.json(Self.base + ["--scp", "policies/examples/scp-protect-images.json"])
        #expect(status == 6)
        let alice = try Self.cells(report, "arn:aws:iam::111122223333:user/engineering/alice")
        let delete = try #require(alice["delete_resource"])
        #expect(delete["verdict"] as? String == "denied")
        #expect(delete["blockedBy"] as? [String] == ["scp", "permissionsBoundary"])
        let deciding = try #require(delete["decidingStatements"] as? [[String: Any]])
        let boundary = try #require(deciding.first { $0["policyType"] as? String == "permissionsBoundary" })
        #expect(boundary["sid"] as? String == "NeverDeleteImages")
        #expect(boundary["effect"] as? String == "Deny")
        #expect(
            boundary["policy"] as? String
                == "permissions boundary arn:aws:iam::111122223333:policy/DeployBoundary v1 (default)")
        #expect(boundary["source"] as? String == Self.account)
        #expect((boundary["line"] as? Int ?? 0) > 1)
        let scp = try #require(deciding.first { $0["policyType"] as? String == "scp" })
        #expect(scp["sid"] as? String == "ProtectGoldenImages")
        #expect(scp["policy"] as? String == "scp level 0 policies/examples/scp-protect-images.json")

        let bob = try Self.cells(report, "arn:aws:iam::111122223333:user/bob")
        let create = try #require(bob["create_resource"])
        #expect(create["blockedBy"] as? [String] == ["identity"])
        let reasons = try #require(create["reasons"] as? [String])
        #expect(
            reasons.contains(
                "cloudformation:CreateResource on * is not allowed: no identity-based policy (nor a resource-based "
                    + "policy naming the principal) allows cloudformation:CreateResource"))
        let readDeciding = try #require(bob["get_resource"]?["decidingStatements"] as? [[String: Any]])
        #expect(
            readDeciding.first?["policy"] as? String
                == "group 'image-readers' managed policy arn:aws:iam::111122223333:policy/ImageReadOnly v1 (default)")

        let frank = try Self.cells(report, "arn:aws:iam::111122223333:user/frank")
        let get = try #require(frank["get_resource"])
        #expect(get["verdict"] as? String == "undetermined")
        let conditions = try #require(get["conditions"] as? [[String: Any]])
        #expect(conditions.count == 1)
        #expect(conditions.first?["key"] as? String == "aws:SourceIp")
        #expect(conditions.first?["operator"] as? String == "IpAddress")
        #expect(conditions.first?["values"] as? [String] == ["10.0.0.0/8"])

        let principals = try Self.principals(report)
        let alicePrincipal = try #require(principals.first { $0["name"] as? String == "alice" })
        #expect(alicePrincipal["type"] as? String == "user")
        #expect(alicePrincipal["account"] as? String == "111122223333")
        #expect(alicePrincipal["groups"] as? [String] == ["image-builders"])
        let errors = try #require(report["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["principal"] as? String == "arn:aws:iam::111122223333:user/dave")
        #expect(errors.first?["type"] as? String == "user")
        let message = errors.first?["message"] as? String
        #expect(message?.contains("RetiredImageAccess") == true)
        #expect((report["escalations"] as? [Any])?.isEmpty == true)
        #expect(report["operations"] as? [String] == Self.operations)
        let inputs = try #require(report["inputs"] as? [String])
        #expect(inputs.contains("SCP level 0 (root): policies/examples/scp-protect-images.json"))
        #expect(
            inputs.first
                == "authorization details \(Self.account): account 111122223333, 5 users, 4 roles, 2 groups, 3 "
                + "managed policies")
    }

    /// The issue: "JSON validated against a JSON Schema"; SARIF against OASIS's.
    @Test("json and sarif validate against their schemas", arguments: ["json", "sarif"])
    func schemas(format: String) throws {
        let result = try CLI.run(Self.base + ["--format", format])
        #expect(result.status == 6)
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.\(format)")
        try Data(result.stdout.utf8).write(to: file)
        let validation = try Python.run(["scripts/validate-report.py", format == "json" ? "audit" : "sarif", file.path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        if format == "sarif" {
            #expect(result.stdout.contains("\"executionSuccessful\": false"))
            #expect(result.stdout.contains("arn:aws:iam::111122223333:user/dave was not checked"))
            #expect(result.stdout.contains("\"principal\": \"arn:aws:iam::111122223333:role/image-auditor\""))
        }
    }

    @Test("csv: one RFC 4180 row per principal and operation, quotes doubled, CRLF; the unresolved one as an error row")
    func csv() throws {
        let result = try CLI.run(Self.base + ["--format", "csv"])
        #expect(result.status == 6)
        #expect(
            result.stdout.hasPrefix(
                "account,principal,type,operation,verdict,deciding_policies,blocking_policy_types,conditions,reasons\r\n"
            ))
        let records = try CSVReader.parse(result.stdout)
        #expect(records.count == 1 + 8 * 5 + 1)
        #expect(records.allSatisfy { $0.count == 9 })
        let bobCreate = try #require(
            records.first { $0[1] == "arn:aws:iam::111122223333:user/bob" && $0[3] == "create_resource" })
        #expect(bobCreate[0] == "111122223333")
        #expect(bobCreate[2] == "user")
        #expect(bobCreate[4] == "denied")
        #expect(bobCreate[6] == "identity")
        // No statement names cloudformation:CreateResource: nothing decided the denial but the lack of an allow.
        #expect(bobCreate[5] == "")
        #expect(bobCreate[8].contains("cloudformation:CreateResource on * is not allowed"))
        let bobGet = try #require(
            records.first { $0[1] == "arn:aws:iam::111122223333:user/bob" && $0[3] == "get_resource" })
        // The Sid's quotes survive the quoting: the field was written "…(Sid ""ReadImages"")…".
        #expect(
            bobGet[5]
                == "group 'image-readers' managed policy arn:aws:iam::111122223333:policy/ImageReadOnly v1 (default): "
                + "identity[0] statement 0 (Sid \"ReadImages\") at policies/examples/accounts/111122223333.json:467:29")
        #expect(result.stdout.contains("(Sid \"\"ReadImages\"\")"))
        let frankGet = try #require(
            records.first { $0[1] == "arn:aws:iam::111122223333:user/frank" && $0[3] == "get_resource" })
        #expect(frankGet[4] == "undetermined")
        #expect(frankGet[7] == "must hold: IpAddress aws:SourceIp '10.0.0.0/8'")
        let dave = try #require(records.last)
        #expect(dave[1] == "arn:aws:iam::111122223333:user/dave")
        #expect(dave[4] == "error")
        #expect(dave[8].contains("RetiredImageAccess"))
        // Every record ends with CRLF, and no bare LF is left outside quotes.
        #expect(!result.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("markdown: the matrix, the totals, the unresolved principals, the reasons per principal")
    func markdown() throws {
        let result = try CLI.run(Self.base + ["--format", "markdown"])
        #expect(result.status == 6)
        #expect(result.stdout.contains("| Principal | Type | `get_resource` |"))
        #expect(result.stdout.contains("| `role/ops-admin` | role | ✅ allowed | ✅ allowed | ✅ allowed |"))
        #expect(result.stdout.contains("### Not resolved"))
        #expect(result.stdout.contains("<details><summary>user/bob</summary>"))
        #expect(result.stdout.contains("| `delete_resource` | 1 | 7 | 0 |"))
    }

    @Test(
        "--principal narrows by ARN, name or the part after the account, with * and ?",
        arguments: [
            (
                ["role/*"],
                ["role/ci-deployer", "role/image-auditor", "role/ops-admin", "role/service-role/imagebuilder-exec"]
            ),
            (["user/engineering/*"], ["user/engineering/alice"]),
            (["b?b", "*:role/ops-*"], ["user/bob", "role/ops-admin"]),
            (["arn:aws:iam::111122223333:user/erin"], ["user/erin"]),
        ])
    func principalPatterns(patterns: [String], expected: [String]) throws {
        let arguments = patterns.flatMap { ["--principal", $0] }
        let (status, report) = try Self.json(Self.base + arguments)
        // dave is not selected, so nothing is unresolved.
        #expect(status == 0)
        let names = try Self.principals(report).compactMap { ($0["principal"] as? String)?.split(separator: ":").last }
        #expect(names.map(String.init) == expected)
    }

    @Test("--sql: who could run these statements, one column per statement")
    func sql() throws {
        let statement =
            "DELETE FROM awscc.imagebuilder.images WHERE Identifier = "
            + "'arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1' AND region = 'us-east-1'"
        let (status, report) = try Self.json(Self.base + ["--sql", statement, "--principal", "role/*"])
        #expect(status == 0)
        #expect(report["operations"] as? [String] == ["delete_resource @ --sql:1"])
        let verdicts = try Self.principals(report).map {
            ($0["operations"] as? [[String: Any]])?.first?["verdict"] as? String
        }
        #expect(verdicts == ["denied", "denied", "allowed", "denied"])
        let cells = try Self.cells(report, "arn:aws:iam::111122223333:role/ci-deployer")
        let statementMember = try #require(cells["delete_resource"]?["statement"] as? [String: Any])
        #expect(statementMember["source"] as? String == "--sql")
    }

    /// The issue: "a test that the cached/parallel path gives exactly the per-principal check result". Each principal of
    /// both accounts, checked alone with `check --authorization-details`, has the verdict and the reasons the audit
    /// gives it; the fixture account's users share their policies but not their verdicts (one is named by a condition
    /// on `aws:PrincipalArn`, one has another team tag).
    @Test("every audit cell is the per-principal check's verdict and reasons", arguments: [account, shared])
    func sameAsCheck(file: String) throws {
        let (_, report) = try Self.json([
            "audit", "--authorization-details", file, "--region", "us-east-1", "--threads", "3",
        ])
        let principals = try Self.principals(report)
        #expect(principals.count >= 3)
        for principal in principals {
            let arn = try #require(principal["principal"] as? String)
            let check = try CLI.run([
                "check", "--authorization-details", file, "--principal", arn, "--region", "us-east-1", "--format",
                "json",
            ])
            let checked = try #require(
                try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check.stderr)")
            let checkOperations = try #require(checked["operations"] as? [[String: Any]])
            let auditOperations = try #require(principal["operations"] as? [[String: Any]])
            #expect(checkOperations.count == auditOperations.count)
            for (checkOperation, auditOperation) in zip(checkOperations, auditOperations) {
                #expect(checkOperation["operation"] as? String == auditOperation["operation"] as? String)
                #expect(checkOperation["verdict"] as? String == auditOperation["verdict"] as? String, "\(arn)")
                #expect(checkOperation["reasons"] as? [String] == auditOperation["reasons"] as? [String], "\(arn)")
            }
            #expect(checked["policies"] as? [String] == principal["policies"] as? [String])
        }
        let shared = try Self.json(["audit", "--authorization-details", Self.shared, "--region", "us-east-1"]).report
        if file == Self.shared {
            #expect(
                try Self.verdicts(shared, "arn:aws:iam::444455556666:user/admin-ann")
                    == Array(repeating: "allowed", count: 5))
            #expect(
                try Self.verdicts(shared, "arn:aws:iam::444455556666:user/dev-dan")
                    == ["allowed", "denied", "denied", "denied", "allowed"])
            #expect(
                try Self.verdicts(shared, "arn:aws:iam::444455556666:user/dev-dora")
                    == ["allowed", "denied", "denied", "denied", "denied"])
        }
    }

    @Test("the report is the same on one thread and on several")
    func deterministic() throws {
        let one = try CLI.run(Self.base + ["--format", "json", "--threads", "1"])
        let several = try CLI.run(Self.base + ["--format", "json", "--threads", "4"])
        #expect(one.status == 6)
        #expect(one.stdout == several.stdout)
        #expect(!one.stdout.isEmpty)
    }

    @Test("several accounts: one file each, an account column, the same account twice refused")
    func accounts() throws {
        let both = ["audit", "--authorization-details", Self.account, "--authorization-details", Self.shared]
        let result = try CLI.run(both + ["--region", "us-east-1"])
        #expect(result.status == 6)
        #expect(result.stdout.contains("12 principals in 2 accounts (111122223333, 444455556666)"))
        #expect(result.stdout.contains("ACCOUNT       PRINCIPAL"))
        #expect(result.stdout.contains("444455556666  user/dev-dora"))
        let twice = try CLI.run([
            "audit", "--authorization-details", Self.shared, "--authorization-details", Self.shared,
        ])
        #expect(twice.status == 64)
        #expect(
            twice.stderr
                == "iamgate: error: authorization details '\(Self.shared)' describe account 444455556666, as "
                + "'\(Self.shared)' do: give each account once\n")
    }

    @Test(
        "bad input is one sentence and exit 64",
        arguments: [
            (
                ["--principal", "nobody-*"],
                "--principal 'nobody-*' matches no user or role in 'policies/examples/accounts/111122223333.json' (a "
                    + "pattern is matched against the ARN, the name and the part after the account, e.g. 'role/ci-*')"
            ),
            (
                ["--operation", "destroy"],
                "unknown operation 'destroy' for awscc.imagebuilder.images (expected one of: get_resource, "
                    + "list_resources, create_resource, update_resource, delete_resource)"
            ),
            (["--scp", "missing.json"], "cannot read policy file 'missing.json': no such file or directory"),
        ])
    func badInput(arguments: [String], message: String) throws {
        let result = try CLI.run(Self.base + arguments)
        #expect(result.status == 64)
        #expect(result.stderr == "iamgate: error: \(message)\n")
        #expect(result.stdout.isEmpty)
    }

    @Test("an unreadable or malformed authorization-details file is exit 64; no source at all is a usage error")
    func badFiles() throws {
        let missing = try CLI.run(["audit", "--authorization-details", "no-such.json"])
        #expect(missing.status == 64)
        #expect(
            missing.stderr
                == "iamgate: error: cannot read authorization details 'no-such.json': no such file or directory\n")
        let malformed = try CLI.run(["audit", "--authorization-details", "policies/examples/ci-deployer.json"])
        #expect(malformed.status == 64)
        #expect(
            malformed.stderr.hasPrefix("iamgate: error: authorization details 'policies/examples/ci-deployer.json'"))
        let none = try CLI.run(["audit"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("--authorization-details FILE or --from-account"))
    }
}

/// RFC 4180 records, read the way a spreadsheet reads them: quoted fields may hold commas, quotes (doubled) and line
/// breaks; records end with CRLF.
enum CSVReader {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        field.unicodeScalars.append(scalars.removeFirst())
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r":
                guard scalars.popFirst() == "\n" else { throw Malformed() }
                record.append(field)
                records.append(record)
                record = []
                field = ""
            case "\n": throw Malformed()
            default: field.unicodeScalars.append(scalar)
            }
        }
        guard !quoted, field.isEmpty, record.isEmpty else { throw Malformed() }
        return records
    }
}
