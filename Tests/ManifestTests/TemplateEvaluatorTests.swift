import Catalog
import DeploymentFacts
import Testing
import TimingTestSupport

@testable import Manifest

/// The `{{ }}` expressions stackql-deploy projects use, evaluated as stackql-deploy evaluates them; what is not known
/// before the run stays a named unknown.
@Suite("TemplateEvaluator")
struct TemplateEvaluatorTests {
    static func evaluator(_ values: [String: DeployValue] = [:]) -> TemplateEvaluator {
        TemplateEvaluator(values: values, resourceName: "image")
    }

    @Test("a filter inside a dict literal keeps its own name when it is not evaluated")
    func nestedUnknownFilter() throws {
        var evaluator = Self.evaluator(["stack_env": .string("dev")])
        let value = try evaluator.evaluate(
            expression: #" {"Tags": {"team": "web", "stage": stack_env | upper}} | generate_patch_document "#)
        #expect(
            value.rendered == [
                .literal(#"[{"op":"add","path":"/Tags","value":{"team":"web","stage":""#),
                .unknown("stack_env | upper"), .literal(#""}}]"#),
            ])
        #expect(evaluator.unknowns["stack_env | upper"] == .filterNotEvaluated(name: "upper"))
    }
    /// stackql-deploy's `generate_patch_document` (template-filters.md; filters.py/engine.rs): one RFC 6902 `add` per
    /// key of the mapping, path `/Key`, a string value that is JSON added as that JSON, written as compact JSON.
    @Test("the seed's UPDATE patch document, known and unknown")
    func seedPatchDocument() throws {
        let expression = " {\n    \"ExecutionRole\": execution_role,\n    \"Tags\": tags\n} | generate_patch_document "
        var known = Self.evaluator([
            "execution_role": .string("arn:aws:iam::111122223333:role/Exec"),
            "tags": .object([DeployMember(key: "team", value: .string("web"))]),
        ])
        #expect(
            try known.evaluate(expression: expression).knownText
                == #"[{"op":"add","path":"/ExecutionRole","value":"arn:aws:iam::111122223333:role/Exec"},"#
                + #"{"op":"add","path":"/Tags","value":{"team":"web"}}]"#)
        var jsonText = Self.evaluator(["execution_role": .string("r"), "tags": .string(#"{"a": "1"}"#)])
        #expect(
            try jsonText.evaluate(expression: expression).knownText
                == #"[{"op":"add","path":"/ExecutionRole","value":"r"},{"op":"add","path":"/Tags","value":{"a":"1"}}]"#)
        var unknown = Self.evaluator()
        #expect(
            try unknown.evaluate(expression: expression).rendered == [
                .literal(#"[{"op":"add","path":"/ExecutionRole","value":""#), .unknown("execution_role"),
                .literal(#""},{"op":"add","path":"/Tags","value":""#), .unknown("tags"), .literal(#""}]"#),
            ])
        #expect(unknown.unknowns["tags"] == .noValue)
    }

    @Test("names: dotted as written, indexed into lists and mappings, this. as the resource's own name")
    func names() throws {
        var evaluator = Self.evaluator([
            "vars.AWS_REGION": .string("us-east-1"),
            "ContainerTags": .list([.string("latest")]),
            "tags": .object([DeployMember(key: "team", value: .string("web"))]),
            "image.vpc_id": .string("vpc-1"),
        ])
        #expect(try evaluator.evaluate(expression: " vars.AWS_REGION ") == .string("us-east-1"))
        #expect(try evaluator.evaluate(expression: "ContainerTags[0]") == .string("latest"))
        #expect(try evaluator.evaluate(expression: "tags['team']") == .string("web"))
        #expect(try evaluator.evaluate(expression: "tags.team") == .string("web"))
        #expect(try evaluator.evaluate(expression: "this.vpc_id") == .string("vpc-1"))
        #expect(try evaluator.evaluate(expression: "ContainerTags[3]") == .unknown("ContainerTags[3]"))
        #expect(try evaluator.evaluate(expression: "this.subnet_id") == .unknown("this.subnet_id"))
        #expect(evaluator.unknowns["this.subnet_id"] == .capturedByExists)
        #expect(try evaluator.evaluate(expression: "uuid()") == .unknown("uuid()"))
    }

    @Test("tojson, from_json, base64_encode, sql_escape, to_aws_tag_filters, merge_objects and merge_lists")
    func filters() throws {
        var evaluator = Self.evaluator([
            "tests": .string(#"{"TimeoutMinutes": 90}"#),
            "base": .object([DeployMember(key: "team", value: .string("web"))]),
            "extra": .object([DeployMember(key: "env", value: .string("dev"))]),
            "owner": .string("O'Brien"),
            "tags": .list([
                .object([
                    DeployMember(key: "Key", value: .string("stack")), DeployMember(key: "Value", value: .string("s")),
                ])
            ]),
            "a": .list([.number("1"), .number("2")]), "b": .list([.number("2"), .number("3")]),
        ])
        #expect(try evaluator.evaluate(expression: "tests | from_json | tojson").knownText == #"{"TimeoutMinutes":90}"#)
        #expect(try evaluator.evaluate(expression: "owner | tojson").knownText == #""O'Brien""#)
        #expect(try evaluator.evaluate(expression: "owner | sql_escape").knownText == "O''Brien")
        #expect(try evaluator.evaluate(expression: "'user data' | base64_encode").knownText == "dXNlciBkYXRh")
        #expect(
            try evaluator.evaluate(expression: "tags | to_aws_tag_filters").knownText
                == #"[{"Key":"stack","Values":["s"]}]"#)
        #expect(
            try evaluator.evaluate(expression: "base | merge_objects(extra) | tojson").knownText
                == #"{"team":"web","env":"dev"}"#)
        #expect(try evaluator.evaluate(expression: "a | merge_lists(b)").knownText == "[1,2,3]")
    }

    @Test("an unknown filter is an error with a suggestion; unevaluated filters and expressions stay unknown")
    func unknownAndUnsupported() throws {
        var evaluator = Self.evaluator(["x": .string("a")])
        do {
            _ = try evaluator.evaluate(expression: "x | tojsn")
            Issue.record("an unknown filter was evaluated")
        } catch let failure {
            #expect(
                failure.message == "unknown filter 'tojsn' (did you mean 'tojson'?); stackql-deploy would stop on it")
        }
        #expect(try evaluator.evaluate(expression: "x | sql_list") == .unknown("x | sql_list"))
        #expect(try evaluator.evaluate(expression: "x ~ 'b'") == .unknown("x ~ 'b'"))
        #expect(evaluator.unknowns["x ~ 'b'"] == .expressionNotEvaluated(detail: "'~ 'b'' is not supported here"))
    }

    @Test("a value with text around its expressions is text; one expression alone keeps the value's type")
    func resolveText() throws {
        var evaluator = Self.evaluator([
            "region": .string("us-east-1"), "tags": .object([DeployMember(key: "a", value: .string("b"))]),
        ])
        #expect(
            try evaluator.resolve(text: "arn:aws:imagebuilder:{{ region }}:{{ account }}:image/x")
                == .text([.literal("arn:aws:imagebuilder:us-east-1:"), .unknown("account"), .literal(":image/x")]))
        #expect(try evaluator.resolve(text: "{{ tags }}") == .object([DeployMember(key: "a", value: .string("b"))]))
        #expect(throws: TemplateEvaluator.Failure.self) { try evaluator.resolve(text: "{% if x %}a{% endif %}") }
        let nested = ManifestValue.mapping([ManifestMember(key: "t", value: .string("[{{ region | tojson }}]"))])
        #expect(
            try evaluator.resolve(nested) == .object([DeployMember(key: "t", value: .list([.string("us-east-1")]))]))
    }

    /// Issue 14: each global twice the one before took minutes and all the memory (2^40 copies of 16 characters); now
    /// a value stops at what Cloud Control accepts (`Properties` and `PatchDocument`: at most 262144 characters,
    /// Cloud Control API model 2021-09-30), however it grows: by repeated text, lists of lists, or filters.
    @Test(
        "a value that outgrows what Cloud Control accepts is refused as it grows",
        arguments: [
            "{{ g }}{{ g }}", "{{ [g, g] }}", "{{ {\"a\": g, \"b\": g} }}", "{{ g | tojson | tojson }}",
            "{{ [g, g] | tojson }}",
        ])
    func valuesStayBounded(_ doubling: String) throws {
        var values: [String: DeployValue] = ["g": .string(String(repeating: "x\"", count: 8))]
        var failure: String?
        let seconds = CPUTime.measure {
            for _ in 0..<40 where failure == nil {
                var evaluator = Self.evaluator(values)
                do throws(TemplateEvaluator.Failure) {
                    values["g"] = try evaluator.resolve(text: doubling)
                } catch {
                    failure = error.message
                }
            }
        }
        #expect(
            failure?.hasPrefix("the value is longer than 262144 characters once its templates are resolved") == true)
        #expect(seconds < 2, "\(seconds) s")
    }

    @Test("merge_lists of long lists takes linear time and keeps the first of each repeated item")
    func mergeListsIsLinear() throws {
        let first = DeployValue.list((0..<20_000).map { .number(String($0)) })
        let second = DeployValue.list((10_000..<30_000).map { .number(String($0)) } + [.number("5")])
        var evaluator = Self.evaluator(["a": first, "b": second])
        var merged: DeployValue?
        let seconds = try CPUTime.measure { merged = try evaluator.evaluate(expression: "a | merge_lists(b)") }
        #expect(seconds < 2, "\(seconds) s")
        #expect(merged == .list((0..<30_000).map { .number(String($0)) }))
    }
}
