import Catalog
import Foundation
import JSON
import StackQL
import Testing

@testable import IAMGateKit

/// The Cloud Control call each checked statement makes (`stackql-and-imagebuilder.md` §1.2: INSERT → CreateResource
/// with `DesiredState` from the columns, UPDATE → UpdateResource with `PatchDocument`, DELETE → DeleteResource, SELECT
/// on `images` → GetResource, on `images_list_only` → ListResources; the statement's `region` is the endpoint's).
@Suite("Statement → Cloud Control call")
struct StatementCallTests {
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"

    static func classified(_ sql: String, variables: [String: String] = [:]) throws -> ClassifiedStatement {
        let catalog = try Catalog.bundled()
        let statements = try StatementClassifier.parseAndClassify(
            text: sql, source: "t.iql", variables: variables, catalog: catalog.resources)
        return try #require(statements.first)
    }

    static func call(_ sql: String, variables: [String: String] = [:]) throws -> StatementCall {
        try StatementCall.make(try classified(sql, variables: variables))
    }

    static func problem(_ sql: String) throws -> StatementCallProblem? {
        do {
            _ = try call(sql)
            return nil
        } catch let problem as StatementCallProblem {
            return problem
        }
    }

    /// StackQL passes complex values as JSON string literals and `DesiredState` is the properties object (§1.2,
    /// `naive_DesiredState`); each value is typed by the page's field table (object, array, boolean, string).
    @Test("INSERT → CreateResource: properties in column order, typed by the field table, region picks the endpoint")
    func insert() throws {
        let call = try Self.call(
            """
            INSERT INTO awscc.imagebuilder.images (ImageRecipeArn, ImageTestsConfiguration, Workflows,
              EnhancedImageMetadataEnabled, Tags, region)
            SELECT 'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0',
              '{"ImageTestsEnabled": true, "TimeoutMinutes": 90}', '[]', 'false', '{"team": "{{ team }}"}', 'eu-west-1'
            """, variables: ["team": "web"])
        #expect(call.operation == .createResource)
        #expect(call.region == "eu-west-1")
        #expect(call.typeName == "AWS::ImageBuilder::Image")
        #expect(
            call.desiredState
                == #"{"ImageRecipeArn":"arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0","#
                + #""ImageTestsConfiguration":{"ImageTestsEnabled":true,"TimeoutMinutes":90},"Workflows":[],"#
                + #""EnhancedImageMetadataEnabled":false,"Tags":{"team":"web"}}"#)
        #expect(call.identifier == nil && call.patchDocument == nil)
    }

    @Test(
        "a value that cannot be its column's type is refused at the value",
        arguments: [
            ("Tags", "'not json'", "Tags must be a JSON object, but its value is not JSON"),
            ("Tags", "'[1]'", "Tags must be a JSON object, not an array"),
            ("Workflows", "'{}'", "Workflows must be a JSON array, not an object"),
            ("EnhancedImageMetadataEnabled", "'yes'", "EnhancedImageMetadataEnabled must be true or false"),
        ])
    func typedValues(column: String, value: String, message: String) throws {
        let problem = try Self.problem(
            "INSERT INTO awscc.imagebuilder.images (\(column), region) VALUES (\(value), 'us-east-1')")
        guard case .invalid(let text, let location) = problem else {
            Issue.record("expected an invalid value, got \(String(describing: problem))")
            return
        }
        #expect(text.hasPrefix(message))
        #expect(location.line == 1)
    }

    @Test("an unknown value keeps the gate closed and names what to supply")
    func unknownValue() throws {
        let problem = try Self.problem(
            "DELETE FROM awscc.imagebuilder.images WHERE Identifier = '{{ image_arn }}' AND region = 'us-east-1'")
        guard case .unknownValue(let column, let names, _) = problem else {
            Issue.record("expected an unknown value, got \(String(describing: problem))")
            return
        }
        #expect(column == "Identifier" && names == ["image_arn"])
        #expect(problem?.message.contains("--var image_arn=…") == true)
    }

    @Test("UPDATE → UpdateResource with the validated, compact PatchDocument; DELETE and SELECT name the identifier")
    func updateDeleteSelect() throws {
        let update = try Self.call(
            """
            UPDATE awscc.imagebuilder.images SET PatchDocument = string('[ {"op": "add", "path": "/Tags/a", "value": "b"} ]')
            WHERE region = 'us-east-1' AND Identifier = '\(Self.image)'
            """)
        #expect(update.operation == .updateResource && update.identifier == Self.image)
        #expect(update.patchDocument == #"[{"op":"add","path":"/Tags/a","value":"b"}]"#)

        let delete = try Self.call(
            "DELETE FROM awscc.imagebuilder.images WHERE Identifier = '\(Self.image)' AND region = 'us-east-1'")
        #expect(delete.operation == .deleteResource && delete.identifier == Self.image && delete.desiredState == nil)

        let get = try Self.call(
            "SELECT region, arn, image_id FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND "
                + "Identifier = '\(Self.image)'")
        #expect(get.operation == .getResource && get.columns == ["region", "arn", "image_id"])

        let list = try Self.call("SELECT * FROM awscc.imagebuilder.images_list_only WHERE region = 'us-east-1'")
        #expect(list.operation == .listResources && list.columns.isEmpty && list.identifier == nil)
    }

    @Test("a ClientToken in the statement is refused: exec derives every token itself")
    func clientTokenRefused() throws {
        let problem = try Self.problem(
            "DELETE FROM awscc.imagebuilder.images WHERE Identifier = '\(Self.image)' AND region = 'us-east-1' "
                + "AND ClientToken = 'mine'")
        guard case .invalid(let message, _) = problem else {
            Issue.record("expected a refusal, got \(String(describing: problem))")
            return
        }
        #expect(message.contains("exec derives each ClientToken"))
    }

    /// Cloud Control API Reference, CreateResource `TypeVersionId`: "For private resource types, the type version to
    /// use" — never silently dropped from what is sent.
    @Test("a TypeVersionId is refused at its value, not dropped from the call")
    func typeVersionRefused() throws {
        let problem = try Self.problem(
            "DELETE FROM awscc.imagebuilder.images WHERE Identifier = '\(Self.image)' AND region = 'us-east-1' "
                + "AND TypeVersionId = '00000001'")
        guard case .invalid(let message, let location) = problem else {
            Issue.record("expected a refusal, got \(String(describing: problem))")
            return
        }
        #expect(message.contains("AWS::ImageBuilder::Image is AWS's own type"))
        #expect(location.column > 1)
    }

    // MARK: - PatchDocument (RFC 6902)

    @Test(
        "RFC 6902 §4: each operation's members, JSON Pointers (RFC 6901), a non-empty array",
        arguments: [
            ("{}", "must be a JSON array of operations"),
            ("[]", "has no operations"),
            (#"[{"op": "merge", "path": "/a"}]"#, "unknown op 'merge'"),
            (#"[{"op": "add", "path": "/a"}]"#, "('add') has no 'value'"),
            (#"[{"op": "move", "path": "/a"}]"#, "('move') has no 'from'"),
            (#"[{"op": "remove", "path": "a"}]"#, "'path' is not a JSON Pointer"),
            (#"[{"op": "remove", "path": "/a~2"}]"#, "'path' is not a JSON Pointer"),
            (#"[{"op": "remove", "path": "/a", "path": "/b"}]"#, "repeats 'path'"),
            (#"[1]"#, "must be an object"),
            ("[", "is not JSON"),
        ])
    func patchProblems(text: String, message: String) {
        #expect(throws: PatchDocument.Problem.self) { try PatchDocument.validated(text) }
        do {
            _ = try PatchDocument.validated(text)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("every RFC 6902 operation with its members passes and comes back compact")
    func patchValid() throws {
        let text = """
            [{"op":"add","path":"/Tags/a","value":"1"},{"op":"remove","path":"/Tags/b"},
             {"op":"replace","path":"/Tags/c~1d","value":{"x":[1,2.5]}},{"op":"move","from":"/Tags/a","path":"/Tags/e"},
             {"op":"copy","from":"/Tags/e","path":"/Tags/f"},{"op":"test","path":"","value":null}]
            """
        let compact = try PatchDocument.validated(text)
        #expect(!compact.contains(" ") && !compact.contains("\n"))
        #expect(compact.contains(#"{"x":[1,2.5]}"#))
    }

    // MARK: - ClientToken

    /// `cloudcontrol.service-2.json` ClientToken: pattern `[-A-Za-z0-9+/=]+`, 1–128 characters.
    @Test("ClientTokens: stable for one submission, new per attempt, statement, call and input digest")
    func clientTokens() throws {
        let call = try Self.call(
            "DELETE FROM awscc.imagebuilder.images WHERE Identifier = '\(Self.image)' AND region = 'us-east-1'")
        var other = call
        other.identifier = Self.image + "0"
        let token = ClientToken.make(digest: "d", statement: 1, call: call, attempt: 1)
        #expect(token == ClientToken.make(digest: "d", statement: 1, call: call, attempt: 1))
        let variants = [
            ClientToken.make(digest: "d", statement: 1, call: call, attempt: 2),
            ClientToken.make(digest: "d", statement: 2, call: call, attempt: 1),
            ClientToken.make(digest: "e", statement: 1, call: call, attempt: 1),
            ClientToken.make(digest: "d", statement: 1, call: other, attempt: 1),
        ]
        #expect(Set(variants + [token]).count == 5)
        #expect(token.count == 64 && token.allSatisfy { $0.isHexDigit })
    }

    // MARK: - Audit log

    @Test("the audit log appends one JSON object per line, each chained to the line before by its SHA-256")
    func auditLogChain() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let log = try AuditLog(path: path)
            try log.append([("record", .string("run"))])
            try log.append([("record", .string("intent"))])
        }
        let reopened = try AuditLog(path: path)
        try reopened.append([("record", .string("outcome"))])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"record":"run","prev":""}"#)
        #expect(lines[1] == #"{"record":"intent","prev":"\#(InputLedger.sha256(lines[0].utf8))"}"#)
        #expect(lines[2] == #"{"record":"outcome","prev":"\#(InputLedger.sha256(lines[1].utf8))"}"#)
    }

    @Test("an audit log that does not end with a whole line is refused: nothing is appended to a cut file")
    func auditLogCut() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"record":"run","prev":""}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AuditLog.Failure.self) { try AuditLog(path: path) }
    }
}
