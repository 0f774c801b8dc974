import Testing

@testable import JSON

/// The one writer: both layouts, both forms (streamed and whole trees) and the string escaping every report and
/// generated file relies on.
@Suite("JSONWriter")
struct JSONWriterTests {
    static let sample: JSONOutput = .object([
        ("name", .string("ci")),
        ("count", .int(-3)),
        ("flags", .array([.bool(true), .bool(false), .null])),
        ("empty", .array([])),
        ("nothing", .object([])),
        ("nested", .object([("list", .strings(["a", "b"]))])),
    ])

    @Test("compact output has no whitespace at all")
    func compact() {
        #expect(
            Self.sample.rendered(pretty: false)
                == #"{"name":"ci","count":-3,"flags":[true,false,null],"empty":[],"nothing":{},"nested":{"list":["a","b"]}}"#
        )
    }

    @Test("pretty output indents by two spaces, keeps empty containers on one line and has no trailing newline")
    func pretty() {
        let expected = """
            {
              "name": "ci",
              "count": -3,
              "flags": [
                true,
                false,
                null
              ],
              "empty": [],
              "nothing": {},
              "nested": {
                "list": [
                  "a",
                  "b"
                ]
              }
            }
            """
        #expect(Self.sample.rendered() == expected)
        #expect(Self.sample.bytes() == Array(expected.utf8))
    }

    @Test("scalars at the top level")
    func scalars() {
        #expect(JSONOutput.null.rendered() == "null")
        #expect(JSONOutput.int(42).rendered() == "42")
        #expect(JSONOutput.string("x").rendered() == #""x""#)
        #expect(JSONOutput.array([]).rendered() == "[]")
    }

    @Test("streaming calls and a whole tree give the same bytes, in any indentation")
    func streamingMatchesTree() {
        for layout in [JSONWriter.Layout.compact, .indented(spaces: 2), .indented(spaces: 4)] {
            var streamed = JSONWriter(layout: layout)
            streamed.beginObject()
            streamed.member("name", "ci")
            streamed.key("count")
            streamed.int(-3)
            streamed.key("flags")
            streamed.beginArray()
            streamed.bool(true)
            streamed.bool(false)
            streamed.null()
            streamed.endArray()
            streamed.key("empty")
            streamed.beginArray()
            streamed.endArray()
            streamed.key("nothing")
            streamed.beginObject()
            streamed.endObject()
            streamed.key("nested")
            streamed.beginObject()
            streamed.key("list")
            streamed.beginArray()
            streamed.string("a")
            streamed.string("b")
            streamed.endArray()
            streamed.endObject()
            streamed.endObject()
            streamed.endLine()

            var tree = JSONWriter(layout: layout)
            tree.value(Self.sample)
            tree.endLine()
            #expect(streamed.bytes == tree.bytes)
        }
    }

    @Test("four-space indentation, as the AWS CLI prints")
    func fourSpaces() {
        var writer = JSONWriter(layout: .indented(spaces: 4))
        writer.value(.object([("Roles", .array([.object([("RoleName", .string("ci"))])]))]))
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == "{\n    \"Roles\": [\n        {\n            \"RoleName\": \"ci\"\n        }\n    ]\n}")
    }

    @Test(
        "strings escape quotes, backslashes and control characters and keep everything else",
        arguments: [
            ("plain", #""plain""#),
            ("say \"hi\"", #""say \"hi\"""#),
            (#"C:\dir"#, #""C:\\dir""#),
            ("a\nb\rc\td", #""a\nb\rc\td""#),
            ("\u{0}\u{7}\u{1B}\u{1F}", #""\u0000\u0007\u001b\u001f""#),
            ("a/b", #""a/b""#),
            ("\u{7F}", "\"\u{7F}\""),
            ("é 日本 🙂", "\"é 日本 🙂\""),
            ("\u{E000}", #""*""#),
            ("x\u{E001}y\u{E000}", #""x?y*""#),
            ("\u{E002}\u{E0}\u{E000}", "\"\u{E002}\u{E0}*\""),
        ])
    func escaping(input: String, expected: String) {
        #expect(JSONOutput.string(input).rendered() == expected)
        #expect(JSONOutput.object([(input, .null)]).rendered(pretty: false) == "{\(expected):null}")
    }

    @Test("sortingKeys orders members by their UTF-8 bytes at every depth and keeps arrays in order")
    func sortingKeys() {
        let value: JSONOutput = .object([
            ("b", .array([.object([("z", .int(1)), ("a", .int(2))]), .int(0)])),
            ("B", .null),
            ("a", .object([("é", .int(1)), ("e", .int(2))])),
        ])
        #expect(value.sortingKeys().rendered(pretty: false) == #"{"B":null,"a":{"e":2,"é":1},"b":[{"a":2,"z":1},0]}"#)
    }

    @Test("equality compares the written form")
    func equality() {
        #expect(JSONOutput.object([("a", .int(1))]) == .object([("a", .int(1))]))
        #expect(JSONOutput.object([("a", .int(1))]) != .object([("a", .int(2))]))
    }
}
