import Foundation
import Testing

/// Ways a statement might try to get past the gate. For each, `exec --dry-run` must plan exactly the calls of the
/// statements the check evaluated (one call per checked statement, the same identifier and region the check's requests
/// were built from), and run nothing unchecked: a denied statement anywhere means no call at all.
@Suite("iamgate exec: the bypass corpus")
struct ExecBypassTests {
    static let admin = [
        "--principal", "arn:aws:iam::111122223333:user/ops-admin", "--policy", "policies/examples/ops-admin.json",
    ]
    static let deployer = [
        "--principal", "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42",
        "--policy", "policies/examples/ci-deployer.json",
        "--boundary", "policies/examples/ci-deployer-boundary.json",
    ]
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"
    static let other = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/0.9.0/3"

    struct Planned {
        var status: Int32
        var gateOpen: Bool
        /// Per statement: the operation, and the call's Operation, Identifier and Region.
        var calls: [(operation: String, call: String, identifier: String?, region: String)]
        /// Per checked operation: the resources of its imagebuilder requests and its regions.
        var checked: [(operation: String, resources: [String], regions: [String])]
        var requests: Int
    }

    static func plan(_ principal: [String], sql: String, variables: [String] = []) throws -> Planned {
        let result = try CLI.run(
            ["exec"] + principal + ["--sql=\(sql)", "--dry-run", "--format", "json"]
                + variables.flatMap { ["--var", $0] })
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let gate = try #require(object["gate"] as? [String: Any])
        let statements = try #require(object["statements"] as? [[String: Any]])
        let check = try #require(object["check"] as? [String: Any])
        let operations = try #require(check["operations"] as? [[String: Any]])
        let calls = try statements.map { statement in
            let call = try #require(statement["call"] as? [String: Any])
            return (
                operation: statement["operation"] as? String ?? "", call: call["Operation"] as? String ?? "",
                identifier: call["Identifier"] as? String, region: call["Region"] as? String ?? ""
            )
        }
        let checked = operations.map { operation in
            let requests = operation["requests"] as? [[String: Any]] ?? []
            let imageRequests = requests.filter { ($0["action"] as? String)?.hasPrefix("imagebuilder:") == true }
            return (
                operation: operation["operation"] as? String ?? "",
                resources: imageRequests.compactMap { $0["resource"] as? String },
                regions: requests.compactMap { ($0["context"] as? [String: Any])?["aws:RequestedRegion"] as? String }
            )
        }
        return Planned(
            status: result.status, gateOpen: gate["open"] as? Bool ?? false, calls: calls, checked: checked,
            requests: (object["requests"] as? [Any])?.count ?? 0)
    }

    /// One call per checked statement, in order, each naming what its checked requests named.
    static func expectCallsMatchCheck(_ planned: Planned) {
        #expect(planned.calls.count == planned.checked.count)
        for (call, checked) in zip(planned.calls, planned.checked) {
            #expect(call.operation == checked.operation)
            if let identifier = call.identifier {
                #expect(checked.resources.contains(identifier), "\(identifier) not among \(checked.resources)")
            }
            #expect(Set(checked.regions) == [call.region])
        }
        #expect(planned.requests == (planned.gateOpen ? planned.calls.count : 0))
    }

    @Test("stacked statements: a denied DELETE after an allowed SELECT stops both; nothing is planned")
    func stacked() throws {
        let planned = try Self.plan(
            Self.deployer,
            sql: "SELECT region, arn FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = "
                + "'\(Self.image)'; DELETE FROM awscc.imagebuilder.images WHERE Identifier = '\(Self.other)' AND "
                + "region = 'us-east-1'")
        #expect(planned.status == 2 && !planned.gateOpen && planned.requests == 0)
        #expect(planned.calls.map(\.call) == ["GetResource", "DeleteResource"])
        Self.expectCallsMatchCheck(planned)
    }

    @Test(
        "statements hidden in comments and hints are not statements: only the visible SELECT is checked and planned",
        arguments: [
            "/* DELETE FROM awscc.imagebuilder.images WHERE Identifier = 'X' AND region = 'us-east-1'; */ ",
            "-- DELETE FROM awscc.imagebuilder.images WHERE Identifier = 'X' AND region = 'us-east-1';\n",
            "# DELETE FROM awscc.imagebuilder.images WHERE Identifier = 'X' AND region = 'us-east-1';\n",
            "/*+ delete */ ",
        ])
    func hidden(prefix: String) throws {
        let planned = try Self.plan(
            Self.admin,
            sql: prefix + "SELECT region, arn FROM awscc.imagebuilder.images_list_only WHERE region = "
                + "'us-east-1'")
        #expect(planned.status == 0)
        #expect(planned.calls.map(\.call) == ["ListResources"])
        Self.expectCallsMatchCheck(planned)
    }

    @Test("case and whitespace tricks reach the same method, and the check denies it just the same")
    func caseAndWhitespace() throws {
        let planned = try Self.plan(
            Self.deployer,
            sql:
                "dElEtE\n\t  FrOm   AWSCC.ImageBuilder.IMAGES\nwHeRe   Identifier='\(Self.other)'\tAND region='us-east-1'"
        )
        #expect(planned.status == 2 && !planned.gateOpen && planned.requests == 0)
        #expect(planned.calls.map(\.call) == ["DeleteResource"])
        Self.expectCallsMatchCheck(planned)
    }

    @Test("a template value holding quotes and SQL stays one value: the checked identifier is the one sent")
    func templateInjection() throws {
        let value = "\(Self.image)' ; DELETE FROM awscc.imagebuilder.images WHERE Identifier = 'x"
        let planned = try Self.plan(
            Self.admin,
            sql: "SELECT region, arn FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = "
                + "'{{ id }}'", variables: ["id=\(value)"])
        #expect(planned.status == 0)
        #expect(planned.calls.map(\.call) == ["GetResource"])
        #expect(planned.calls.first?.identifier == value)
        Self.expectCallsMatchCheck(planned)

        // Where the injected text makes the value no image ARN, the value is refused before anything is planned.
        let refused = try CLI.run(
            ["exec"] + Self.admin + [
                "--sql", "DELETE FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = '{{ id }}'",
                "--var", "id=\(Self.image)' ; DELETE FROM awscc.imagebuilder.images WHERE Identifier = '\(Self.other)",
                "--dry-run",
            ])
        #expect(refused.status == 64 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("is not an image ARN"))
    }

    @Test("a semicolon inside a string literal does not end the statement")
    func semicolonInString() throws {
        let planned = try Self.plan(
            Self.admin,
            sql:
                "UPDATE awscc.imagebuilder.images SET PatchDocument = string('[{\"op\": \"add\", \"path\": \"/Tags/a\", "
                + "\"value\": \"x; DELETE FROM awscc.imagebuilder.images\"}]') WHERE region = 'us-east-1' AND "
                + "Identifier = '\(Self.image)'")
        #expect(planned.status == 0)
        #expect(planned.calls.map(\.call) == ["UpdateResource"])
        Self.expectCallsMatchCheck(planned)
    }

    @Test(
        "a value naming another resource type, or a look-alike table name, is bad input: exit 64, nothing planned",
        arguments: [
            "DELETE FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = "
                + "'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0'",
            // U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I in place of the i of images.
            "DELETE FROM awscc.imagebuilder.\u{456}mages WHERE region = 'us-east-1' AND Identifier = "
                + "'arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1'",
            // U+FF24 FULLWIDTH LATIN CAPITAL LETTER D in the verb.
            "\u{FF24}ELETE FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = 'x'",
            // The same table through the list view cannot delete.
            "DELETE FROM awscc.imagebuilder.images_list_only WHERE region = 'us-east-1' AND Identifier = 'x'",
        ])
    func refused(sql: String) throws {
        let result = try CLI.run(["exec"] + Self.admin + ["--sql=\(sql)", "--dry-run"])
        #expect(result.status == 64, "\(result.stdout)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("iamgate: error: sql '--sql' line 1:"))
    }
}
