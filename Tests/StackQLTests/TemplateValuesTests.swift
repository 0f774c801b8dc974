import IAMPolicy
import Testing
import TimingTestSupport

@testable import StackQL

@Suite("TemplateValues")
struct TemplateValuesTests {
    @Test(
        "plain, dotted and indexed names are names; expressions are not",
        arguments: [
            ("region", true), ("vars.AWS_REGION", true), ("ContainerTags[0]", true), ("tags['team']", true),
            ("a.b[1].c", true), ("_x1", true), ("1x", false), ("a | f", false), ("uuid()", false), ("a.", false),
            ("a[]", false), ("a[x]", false), ("{'a': 1}", false), ("", false),
        ])
    func isName(expression: String, expected: Bool) {
        #expect(TemplateValues.isName(expression) == expected)
    }

    @Test("resolve(expression:) trims, resolves names with values and keeps everything else unknown")
    func resolveExpression() {
        let values = TemplateValues(["region": "us-east-1", "a | f": "never"])
        #expect(values.resolve(expression: "  region\n") == .literal("us-east-1"))
        #expect(values.resolve(expression: "- region -") == .literal("us-east-1"))
        #expect(values.resolve(expression: " account ") == .unknown("account"))
        #expect(values.resolve(expression: " a | f ") == .unknown("a | f"))
        #expect(values.resolve(expression: " Region ") == .unknown("Region"))
    }

    @Test("resolve(text:) splits a whole text and merges known parts")
    func resolveText() {
        let values = TemplateValues(["account": "111122223333"])
        #expect(
            values.resolve(text: "arn:aws:iam::{{ account }}:role/{{ role }}") == [
                .literal("arn:aws:iam::111122223333:role/"), .unknown("role"),
            ])
        #expect(values.resolve(text: "") == [.literal("")])
        #expect(values.resolve(text: "x {{ unterminated") == [.literal("x {{ unterminated")])
    }

    /// Issue 14: a literal of 20,000 expressions took seconds (each known part copied the text joined so far).
    @Test("resolve(text:) of many expressions takes linear time")
    func manyExpressions() {
        let values = TemplateValues(["region": "us-east-1"])
        var parts: [PartialValue.Part] = []
        let seconds = CPUTime.measure {
            parts = values.resolve(text: String(repeating: "{{ region }},", count: 100_000))
        }
        // About 0.3 s of CPU in a debug build; the quadratic join took over 5.
        #expect(seconds < 2, "\(seconds) s")
        #expect(parts == [.literal(String(repeating: "us-east-1,", count: 100_000))])
    }

    @Test("templateEnd finds the closing braces past nested braces and quoted braces")
    func templateEnd() {
        let text = Array(#"{{ {"a": {"b": "}}"}} | f }} tail"#)
        let close = TemplateValues.templateEnd(in: text, from: 2)
        #expect(close.map { String(text[($0 + 2)...]) } == " tail")
        #expect(TemplateValues.templateEnd(in: Array("{{ a } b"), from: 2) == nil)
    }
}

@Suite("TemplateValues: values of whole expressions")
struct TemplateExpressionValuesTests {
    @Test("an expression's value comes from expressions, then variables; anything else is named after itself")
    func parts() {
        let values = TemplateValues(
            ["region": "us-east-1"],
            expressions: ["x | tojson": [.literal("\""), .unknown("x"), .literal("\"")], "empty": []])
        #expect(values.parts(of: " x | tojson ") == [.literal("\""), .unknown("x"), .literal("\"")])
        #expect(values.resolve(expression: " x | tojson ") == .unknown("x | tojson"))
        #expect(values.parts(of: "{{- region -}}".dropFirst(2).dropLast(2).description) == [.literal("us-east-1")])
        #expect(values.parts(of: "empty") == [.literal("")])
        #expect(values.parts(of: "other | f") == [.unknown("other | f")])
        #expect(values.resolve(text: "a{{ x | tojson }}b") == [.literal("a\""), .unknown("x"), .literal("\"b")])
    }

    @Test("expressions(in:) finds every template of a text in order, nested braces included")
    func expressionsInText() {
        #expect(
            TemplateValues.expressions(in: #"a {{ x }} '{{ {"k": {"n": 1}} | f }}' {{ unterminated"#) == [
                " x ", #" {"k": {"n": 1}} | f "#,
            ])
        #expect(TemplateValues.key(of: "- x | f +") == "x | f")
    }
}
