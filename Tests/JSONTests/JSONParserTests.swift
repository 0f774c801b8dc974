import Testing

@testable import JSON

/// Renders a node compactly (strings unescaped) so whole trees can be compared in one expectation.
private func render(_ node: JSONNode) -> String {
    switch node.kind {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(let literal): return literal
    case .string(let value): return "\"\(value)\""
    case .array(let elements): return "[" + elements.map(render).joined(separator: ",") + "]"
    case .object(let members):
        return "{" + members.map { "\"\($0.key)\":\(render($0.value))" }.joined(separator: ",") + "}"
    }
}

private func loc(_ line: Int, _ column: Int) -> JSON.SourceLocation {
    JSON.SourceLocation(line: line, column: column)
}

/// Parses a document that must be valid.
private func parse(_ text: String) throws -> JSONNode {
    try JSONParser.parse(Array(text.utf8))
}

/// Looks up the first member called `key`.
private func member(_ node: JSONNode, _ key: String) throws -> JSONMember {
    let members = try #require(node.objectValue)
    return try #require(members.first { $0.key == key })
}

private func element(_ node: JSONNode, _ index: Int) throws -> JSONNode {
    let elements = try #require(node.arrayValue)
    try #require(elements.indices.contains(index))
    return elements[index]
}

@Suite("JSONParser: valid documents")
struct JSONParserValidTests {
    @Test(
        "every kind of value at the top level",
        arguments: [
            ("null", "null", "null"),
            ("true", "a boolean", "true"),
            ("false", "a boolean", "false"),
            ("0", "a number", "0"),
            ("-1.5e3", "a number", "-1.5e3"),
            ("\"text\"", "a string", "\"text\""),
            ("\"\"", "a string", "\"\""),
            ("[]", "an array", "[]"),
            ("{}", "an object", "{}"),
            ("[1,[true,[null]],{}]", "an array", "[1,[true,[null]],{}]"),
            ("{\"a\":{\"b\":[1,\"x\"]},\"c\":false}", "an object", "{\"a\":{\"b\":[1,\"x\"]},\"c\":false}"),
            (" \t\r\n [ 1 , 2 ] \r\n\t ", "an array", "[1,2]"),
            ("{ \"k\" : \"v\" }", "an object", "{\"k\":\"v\"}"),
            ("[ ]", "an array", "[]"),
            ("{ \n }", "an object", "{}"),
        ])
    func kinds(input: String, type: String, rendered: String) throws {
        let node = try parse(input)
        #expect(node.typeDescription == type)
        #expect(render(node) == rendered)
    }

    @Test(
        "numbers keep their literal text",
        arguments: [
            "0", "-0", "10", "1.50", "-1.5e3", "1E+10", "2e-05", "0.0", "-0.0e0",
            "123456789012345678901234567890", "1.7976931348623157e309",
        ])
    func numberLiterals(literal: String) throws {
        let node = try parse("[\(literal)]")
        let number = try element(node, 0)
        guard case .number(let text) = number.kind else {
            Issue.record("expected a number, got \(number.typeDescription)")
            return
        }
        #expect(text == literal)
    }

    @Test("object members keep document order and duplicate keys")
    func memberOrderAndDuplicates() throws {
        let node = try parse(#"{"b": 1, "a": 2, "b": 3, "Z": 4}"#)
        let members = try #require(node.objectValue)
        #expect(members.map(\.key) == ["b", "a", "b", "Z"])
        #expect(members.map { render($0.value) } == ["1", "2", "3", "4"])
        #expect(members.map(\.keyLocation) == [loc(1, 2), loc(1, 10), loc(1, 18), loc(1, 26)])
        #expect(members.map(\.value.location) == [loc(1, 7), loc(1, 15), loc(1, 23), loc(1, 31)])
    }

    @Test("locations of nested values and keys")
    func nestedLocations() throws {
        let text = """
            {
              "Version": "2012-10-17",
               "Action": ["s3:GetObject",
                  "s3:PutObject"],
              "Nested": {"a": {"b": null}}
            }
            """
        let root = try parse(text)
        #expect(root.location == loc(1, 1))
        let version = try member(root, "Version")
        #expect(version.keyLocation == loc(2, 3))
        #expect(version.value.location == loc(2, 14))
        let action = try member(root, "Action")
        #expect(action.keyLocation == loc(3, 4))
        #expect(action.value.location == loc(3, 14))
        #expect(try element(action.value, 0).location == loc(3, 15))
        #expect(try element(action.value, 1).location == loc(4, 7))
        let nested = try member(root, "Nested")
        #expect(nested.keyLocation == loc(5, 3))
        #expect(nested.value.location == loc(5, 13))
        let inner = try member(nested.value, "a")
        #expect(inner.keyLocation == loc(5, 14))
        #expect(inner.value.location == loc(5, 19))
        let leaf = try member(inner.value, "b")
        #expect(leaf.keyLocation == loc(5, 20))
        #expect(leaf.value.location == loc(5, 25))
        #expect(
            render(root)
                == #"{"Version":"2012-10-17","Action":["s3:GetObject","s3:PutObject"],"Nested":{"a":{"b":null}}}"#)
    }

    @Test("CRLF counts as one line break and a lone CR does not start a line")
    func lineBreaks() throws {
        let crlf = try parse("[\r\n  1,\r\n\r\n    \"x\"\r\n]")
        #expect(try element(crlf, 0).location == loc(2, 3))
        #expect(try element(crlf, 1).location == loc(4, 5))
        let loneCR = try parse("[1,\r2]")
        #expect(try element(loneCR, 1).location == loc(1, 5))
        let mixed = try parse("\n\r\n\t[\ttrue]")
        #expect(mixed.location == loc(3, 2))
        #expect(try element(mixed, 0).location == loc(3, 4))
    }

    @Test("columns count UTF-8 bytes and skip a leading byte order mark")
    func byteColumns() throws {
        let node = try parse("[\"é😀\", 1]")
        #expect(try element(node, 1).location == loc(1, 12))
        let withBOM = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1, 2]".utf8))
        #expect(withBOM.location == loc(1, 1))
        #expect(try element(withBOM, 1).location == loc(1, 5))
        #expect(render(withBOM) == "[1,2]")
    }

    @Test("all escape sequences and surrogate pairs are decoded")
    func escapes() throws {
        let node = try parse(#"["\"\\\/\b\f\n\r\t", "\u0041\u00E9\u4e2D\ud83d\uDE00", "\u0000", "a\u0062c"]"#)
        let strings = try #require(node.arrayValue).map(\.stringValue)
        #expect(strings == ["\"\\/\u{8}\u{C}\n\r\t", "Aé中😀", "\u{0}", "abc"])
    }

    @Test("escapes mixed with raw multi-byte text, in values and keys")
    func escapesWithUnicode() throws {
        let node = try parse(#"{"k\u00e9y\n": "é\n😀\u0041x\ud800\udc00 ü", "plain ключ": "日本"}"#)
        let members = try #require(node.objectValue)
        #expect(members.map(\.key) == ["kéy\n", "plain ключ"])
        #expect(members.map(\.value.stringValue) == ["é\n😀Ax\u{10000} ü", "日本"])
    }

    @Test("raw UTF-8 at the edges of each sequence length is accepted")
    func utf8Boundaries() throws {
        let scalars: [UInt32] = [0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF]
        var text = ""
        for value in scalars {
            text.unicodeScalars.append(try #require(Unicode.Scalar(value)))
        }
        let node = try parse("\"\(text)\"")
        #expect(node.stringValue == text)
    }

    @Test("a long array keeps every element")
    func longArray() throws {
        let count = 10_000
        let text = "[" + (0..<count).map { "\"item\($0)\"" }.joined(separator: ",") + "]"
        let elements = try #require(try parse(text).arrayValue)
        #expect(elements.count == count)
        #expect(elements.last?.stringValue == "item\(count - 1)")
    }

    @Test("a quote at every offset within the 8-byte fast path ends the string", arguments: 0..<20)
    func quoteAtEveryOffset(length: Int) throws {
        let content = String(repeating: "a", count: length)
        let node = try parse("[\"\(content)\", \"é\(content)\\n\"]")
        #expect(try element(node, 0).stringValue == content)
        #expect(try element(node, 1).stringValue == "é\(content)\n")
    }

    @Test("convenience accessors return nil for other types")
    func accessors() throws {
        let node = try parse(#"[null, true, 1, "s", [], {}]"#)
        let elements = try #require(node.arrayValue)
        #expect(
            elements.map(\.typeDescription) == ["null", "a boolean", "a number", "a string", "an array", "an object"])
        #expect(elements.map { $0.boolValue != nil } == [false, true, false, false, false, false])
        #expect(elements.map { $0.stringValue != nil } == [false, false, false, true, false, false])
        #expect(elements.map { $0.arrayValue != nil } == [false, false, false, false, true, false])
        #expect(elements.map { $0.objectValue != nil } == [false, false, false, false, false, true])
        #expect(elements[1].boolValue == true)
        #expect(elements[3].stringValue == "s")
    }

    @Test("the String overload matches the byte overload")
    func stringOverload() throws {
        let text = "{\n  \"a\": [\"é\", 2]\n}"
        let fromString = try JSONParser.parse(text)
        let fromBytes = try JSONParser.parse(Array(text.utf8))
        #expect(render(fromString) == render(fromBytes))
        #expect(try element(try member(fromString, "a").value, 1).location == loc(2, 15))
        #expect(throws: JSONSyntaxError(message: "unterminated string", location: loc(1, 2))) {
            try JSONParser.parse("[\"abc")
        }
        #expect(throws: JSONSyntaxError(message: "the document is empty", location: loc(1, 1))) {
            try JSONParser.parse("")
        }
    }

    @Test("nesting exactly at the limit is accepted")
    func nestingAtLimit() throws {
        let depth = JSONParser.defaultMaxDepth
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var node = try parse(arrays)
        for _ in 1..<depth {
            node = try element(node, 0)
        }
        #expect(node.arrayValue?.isEmpty == true)
        let objects = String(repeating: "{\"a\":", count: 3) + "1" + String(repeating: "}", count: 3)
        #expect(render(try JSONParser.parse(Array(objects.utf8), maxDepth: 3)) == #"{"a":{"a":{"a":1}}}"#)
    }

    @Test("a 50 MB string value parses correctly")
    func fiftyMegabyteString() throws {
        let pattern = Array("abcdefghijklmnopqrstuvwxyz0123456789 é-ABCDEFGHIJKLMNOPQRSTUVWXYZ/".utf8)
        let count = 50_000_000 / pattern.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * pattern.count + 16)
        bytes.append(contentsOf: Array("{\"Big\": \"".utf8))
        for _ in 0..<count {
            bytes.append(contentsOf: pattern)
        }
        bytes.append(contentsOf: Array("\", \"n\": 1}".utf8))
        let node = try JSONParser.parse(bytes)
        let big = try member(node, "Big").value
        let value = try #require(big.stringValue)
        #expect(value.utf8.count == count * pattern.count)
        #expect(value.utf8.starts(with: pattern))
        #expect(value.hasSuffix("XYZ/"))
        #expect(try member(node, "n").value.location == loc(1, 9 + count * pattern.count + 9))
    }
}

/// One malformed document and the exact error it must produce.
struct JSONErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var message: String
    var line: Int
    var column: Int
    var maxDepth = JSONParser.defaultMaxDepth

    var testDescription: String { name }

    init(_ name: String, _ text: String, _ message: String, _ line: Int, _ column: Int, maxDepth: Int? = nil) {
        self.init(name, Array(text.utf8), message, line, column, maxDepth: maxDepth)
    }

    init(_ name: String, _ bytes: [UInt8], _ message: String, _ line: Int, _ column: Int, maxDepth: Int? = nil) {
        self.name = name
        self.bytes = bytes
        self.message = message
        self.line = line
        self.column = column
        if let maxDepth {
            self.maxDepth = maxDepth
        }
    }
}

private func expectError(_ errorCase: JSONErrorCase) {
    let expected = JSONSyntaxError(message: errorCase.message, location: loc(errorCase.line, errorCase.column))
    #expect(throws: expected) {
        try JSONParser.parse(errorCase.bytes, maxDepth: errorCase.maxDepth)
    }
}

private let quote: [UInt8] = [0x22]

@Suite("JSONParser: syntax errors")
struct JSONParserErrorTests {
    @Test(
        "empty and truncated documents",
        arguments: [
            JSONErrorCase("empty file", "", "the document is empty", 1, 1),
            JSONErrorCase("whitespace-only file", " \n\t\r\n  ", "the document is empty", 1, 1),
            JSONErrorCase("byte order mark only", [0xEF, 0xBB, 0xBF], "the document is empty", 1, 1),
            JSONErrorCase("unclosed object", "{\"a\": 1", "unexpected end of input, expected ',' or '}'", 1, 8),
            JSONErrorCase("unclosed array", "[1, 2", "unexpected end of input, expected ',' or ']'", 1, 6),
            JSONErrorCase("open brace only", "{", "unexpected end of input, expected a string key or '}'", 1, 2),
            JSONErrorCase("open bracket only", "[\n", "unexpected end of input after '['", 2, 1),
            JSONErrorCase("after colon", "{\"a\":", "unexpected end of input after ':'", 1, 6),
            JSONErrorCase("after key", "{\"a\"  ", "unexpected end of input, expected ':' after the object key", 1, 7),
            JSONErrorCase("after comma", "[1,", "unexpected end of input after ','", 1, 4),
            JSONErrorCase("unterminated string", "[\n  \"abc", "unterminated string", 2, 3),
            JSONErrorCase("unterminated key", "{\"abc", "unterminated string", 1, 2),
            JSONErrorCase("backslash at end", "\"ab\\", "unterminated string", 1, 1),
            JSONErrorCase("unicode escape at end", "\"\\u12", "unterminated string", 1, 1),
            JSONErrorCase("truncated literal", "tru", "unexpected end of input, expected 'true'", 1, 4),
            JSONErrorCase("truncated number", "-", "unexpected end of input, expected a digit after '-'", 1, 2),
        ])
    func truncated(errorCase: JSONErrorCase) {
        expectError(errorCase)
    }

    @Test(
        "trailing content and structural mistakes",
        arguments: [
            JSONErrorCase("garbage after value", "{} x", "trailing content after the JSON value", 1, 4),
            JSONErrorCase("two values", "1 2", "trailing content after the JSON value", 1, 3),
            JSONErrorCase(
                "extra bracket on a later line", "[1]\r\n\r\n  ]", "trailing content after the JSON value", 3, 3),
            JSONErrorCase("literal run-on", "nullx", "trailing content after the JSON value", 1, 5),
            JSONErrorCase("trailing comma in array", "[1,]", "unexpected character ']' after ','", 1, 4),
            JSONErrorCase("trailing comma in object", "{\"a\":1,}", "unexpected character '}' after ','", 1, 8),
            JSONErrorCase("leading comma", "[,1]", "unexpected character ',' after '['", 1, 2),
            JSONErrorCase(
                "missing colon", "{\"a\" 1}", "unexpected character '1', expected ':' after the object key", 1, 6),
            JSONErrorCase("unquoted key", "{a:1}", "unexpected character 'a', expected a string key or '}'", 1, 2),
            JSONErrorCase("number key", "{\"a\":1, 2:3}", "unexpected character '2' after ','", 1, 9),
            JSONErrorCase("missing comma in array", "[1 2]", "unexpected character '2', expected ',' or ']'", 1, 4),
            JSONErrorCase(
                "missing comma in object", "{\"a\":1 \"b\":2}",
                "unexpected character '\"', expected ',' or '}'", 1, 8),
            JSONErrorCase("mismatched close", "[1}", "unexpected character '}', expected ',' or ']'", 1, 3),
            JSONErrorCase("close without open", "}", "unexpected character '}', expected a value", 1, 1),
            JSONErrorCase("missing value", "{\"a\":}", "unexpected character '}' after ':'", 1, 6),
            JSONErrorCase("capitalised literal", "True", "unexpected character 'T', expected a value", 1, 1),
            JSONErrorCase("misspelt literal", "[nul1]", "unexpected character '1', expected 'null'", 1, 5),
            JSONErrorCase("single quotes", "['a']", "unexpected character ''' after '['", 1, 2),
            JSONErrorCase("comment", "// x\n1", "unexpected character '/', expected a value", 1, 1),
            JSONErrorCase(
                "control character outside a string", "[\u{1}]", "unexpected control character U+0001 after '['", 1, 2),
            JSONErrorCase(
                "form feed is not whitespace", "\u{C}1", "unexpected control character U+000C, expected a value", 1, 1),
            JSONErrorCase("non-breaking space", "[\u{A0}1]", "unexpected character U+00A0 after '['", 1, 2),
            JSONErrorCase("non-ASCII outside a string", "[é]", "unexpected character 'é' after '['", 1, 2),
            JSONErrorCase(
                "literal cut by CRLF", "{\r\n  \"a\": tru\r\n}",
                "unexpected control character U+000D, expected 'true'", 2, 11),
        ])
    func structure(errorCase: JSONErrorCase) {
        expectError(errorCase)
    }

    @Test(
        "numbers outside the RFC grammar",
        arguments: [
            JSONErrorCase("leading zero", "01", "leading zeros are not allowed in numbers", 1, 1),
            JSONErrorCase("negative leading zero", "[-012]", "leading zeros are not allowed in numbers", 1, 3),
            JSONErrorCase("double zero", "{\"a\": 00}", "leading zeros are not allowed in numbers", 1, 7),
            JSONErrorCase("leading plus", "+1", "unexpected character '+', expected a value", 1, 1),
            JSONErrorCase("leading period", ".5", "unexpected character '.', expected a value", 1, 1),
            JSONErrorCase("trailing period", "1.", "unexpected end of input, expected a digit after '.'", 1, 3),
            JSONErrorCase(
                "period before exponent", "[1.e5]", "unexpected character 'e', expected a digit after '.'", 1, 4),
            JSONErrorCase("empty exponent", "1e", "unexpected end of input, expected a digit in the exponent", 1, 3),
            JSONErrorCase(
                "signed empty exponent", "[1e+]", "unexpected character ']', expected a digit in the exponent", 1, 5),
            JSONErrorCase("NaN", "NaN", "unexpected character 'N', expected a value", 1, 1),
            JSONErrorCase("Infinity", "[Infinity]", "unexpected character 'I' after '['", 1, 2),
            JSONErrorCase(
                "negative Infinity", "-Infinity", "unexpected character 'I', expected a digit after '-'", 1, 2),
            JSONErrorCase("hex", "0x1F", "trailing content after the JSON value", 1, 2),
            JSONErrorCase("minus space digit", "- 1", "unexpected character ' ', expected a digit after '-'", 1, 2),
        ])
    func numbers(errorCase: JSONErrorCase) {
        expectError(errorCase)
    }

    @Test(
        "bad string contents",
        arguments: [
            JSONErrorCase("raw tab", "\"a\tb\"", "unescaped control character U+0009 in string", 1, 3),
            JSONErrorCase("raw line feed", "[\"a\nb\"]", "unescaped control character U+000A in string", 1, 4),
            JSONErrorCase("raw NUL after escape", "\"\\n\u{0}\"", "unescaped control character U+0000 in string", 1, 4),
            JSONErrorCase(
                "raw unit separator in key", "{\"\u{1F}\":1}", "unescaped control character U+001F in string", 1, 3),
            JSONErrorCase("unknown escape", "\"\\x\"", "invalid escape sequence '\\x'", 1, 2),
            JSONErrorCase("capital U escape", "[\"ok\", \"\\U0041\"]", "invalid escape sequence '\\U'", 1, 9),
            JSONErrorCase("escaped space", "\"\\ \"", "invalid escape sequence", 1, 2),
            JSONErrorCase(
                "bad hex digit", "\"ab\\u12G4\"", "invalid unicode escape, expected 4 hex digits after '\\u'", 1, 4),
            JSONErrorCase("lone high surrogate", "\"\\uD800\"", "unpaired surrogate escape '\\uD800'", 1, 2),
            JSONErrorCase("lone low surrogate", "\"x\\udc00\"", "unpaired surrogate escape '\\uDC00'", 1, 3),
            JSONErrorCase("high then letter", "\"x\\uD83D\\u0041\"", "unpaired surrogate escape '\\uD83D'", 1, 3),
            JSONErrorCase("high then high", "\"\\uD83D\\uD83D\"", "unpaired surrogate escape '\\uD83D'", 1, 2),
            JSONErrorCase("high then other escape", "\"\\uD83D\\n\"", "unpaired surrogate escape '\\uD83D'", 1, 2),
            JSONErrorCase("high at end of string", "[\"\\ud83d\"]", "unpaired surrogate escape '\\uD83D'", 1, 3),
        ])
    func strings(errorCase: JSONErrorCase) {
        expectError(errorCase)
    }

    @Test(
        "invalid UTF-8 is reported at the first byte of the bad sequence",
        arguments: [
            JSONErrorCase("byte 0xFF", quote + [0x61, 0xFF] + quote, "invalid UTF-8 byte 0xFF", 1, 3),
            JSONErrorCase("lone continuation", quote + [0x80] + quote, "invalid UTF-8 byte 0x80", 1, 2),
            JSONErrorCase("overlong two-byte", quote + [0xC0, 0xAF] + quote, "invalid UTF-8 byte 0xC0", 1, 2),
            JSONErrorCase("overlong C1", quote + [0xC1, 0xBF] + quote, "invalid UTF-8 byte 0xC1", 1, 2),
            JSONErrorCase("overlong three-byte", quote + [0xE0, 0x80, 0xAF] + quote, "invalid UTF-8 byte 0xE0", 1, 2),
            JSONErrorCase(
                "overlong four-byte", quote + [0xF0, 0x80, 0x80, 0xAF] + quote, "invalid UTF-8 byte 0xF0", 1, 2),
            JSONErrorCase("encoded surrogate", quote + [0xED, 0xA0, 0x80] + quote, "invalid UTF-8 byte 0xED", 1, 2),
            JSONErrorCase(
                "above U+10FFFF", quote + [0x61, 0xF4, 0x90, 0x80, 0x80] + quote, "invalid UTF-8 byte 0xF4", 1, 3),
            JSONErrorCase("lead byte 0xF5", quote + [0xF5, 0x80, 0x80, 0x80] + quote, "invalid UTF-8 byte 0xF5", 1, 2),
            JSONErrorCase("truncated before quote", quote + [0xC3] + quote, "invalid UTF-8 byte 0xC3", 1, 2),
            JSONErrorCase("truncated three-byte", quote + [0xE2, 0x82, 0x61] + quote, "invalid UTF-8 byte 0xE2", 1, 2),
            JSONErrorCase("truncated at end of input", quote + [0xE2, 0x82], "invalid UTF-8 byte 0xE2", 1, 2),
            JSONErrorCase(
                "after an escape", Array("\"\\n".utf8) + [0xC3, 0x28] + quote, "invalid UTF-8 byte 0xC3", 1, 4),
            JSONErrorCase(
                "in a key on line 2", Array("{\n  \"k".utf8) + [0xFE] + Array("\": 1}".utf8), "invalid UTF-8 byte 0xFE",
                2, 5),
            JSONErrorCase(
                "outside a string", Array("[1, ".utf8) + [0xFF] + Array("]".utf8), "invalid UTF-8 byte 0xFF after ','",
                1, 5),
            JSONErrorCase("at the top level", [0xC3], "invalid UTF-8 byte 0xC3, expected a value", 1, 1),
            JSONErrorCase(
                "after a long ASCII run", quote + Array(repeating: 0x61, count: 37) + [0x80] + quote,
                "invalid UTF-8 byte 0x80", 1, 39),
        ])
    func invalidUTF8(errorCase: JSONErrorCase) {
        expectError(errorCase)
    }

    @Test(
        "nesting deeper than the limit",
        arguments: [
            JSONErrorCase("arrays", "[[[1]]]", "nesting deeper than 2 levels", 1, 3, maxDepth: 2),
            JSONErrorCase("empty innermost array", "[[[]]]", "nesting deeper than 2 levels", 1, 3, maxDepth: 2),
            JSONErrorCase("objects", "{\"a\":{\"b\":[]}}", "nesting deeper than 2 levels", 1, 11, maxDepth: 2),
            JSONErrorCase("second line", "[\n  {\"a\": {}}]", "nesting deeper than 2 levels", 2, 9, maxDepth: 2),
            JSONErrorCase("zero depth", "[]", "nesting deeper than 0 levels", 1, 1, maxDepth: 0),
            JSONErrorCase(
                "default limit", String(repeating: "[", count: 513), "nesting deeper than 512 levels", 1, 513),
        ])
    func depth(errorCase: JSONErrorCase) {
        expectError(errorCase)
    }

    @Test("a control character at every offset within the 8-byte fast path", arguments: 0..<20)
    func controlCharacterAtEveryOffset(length: Int) {
        let text = "\"" + String(repeating: "a", count: length) + "\u{7}\""
        expectError(JSONErrorCase("bell", text, "unescaped control character U+0007 in string", 1, length + 2))
    }

    @Test("100,000 nested brackets throw the depth error instead of crashing")
    func deeplyNestedArrays() {
        let bytes = [UInt8](repeating: 0x5B, count: 100_000)
        let expected = JSONSyntaxError(message: "nesting deeper than 512 levels", location: loc(1, 513))
        #expect(throws: expected) {
            try JSONParser.parse(bytes)
        }
    }

    @Test("100,000 nested objects throw the depth error instead of crashing")
    func deeplyNestedObjects() {
        let text = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let expected = JSONSyntaxError(message: "nesting deeper than 512 levels", location: loc(1, 5 * 512 + 1))
        #expect(throws: expected) {
            try JSONParser.parse(text)
        }
    }

    @Test("error descriptions name the line and column")
    func errorDescription() throws {
        let error = try #require(throws: JSONSyntaxError.self) {
            try JSONParser.parse("{\n  \"a\": 1,\n  \"b\": [1, 2,, 3]\n}")
        }
        #expect(error.description == "line 3:14: unexpected character ',' after ','")
        #expect(loc(3, 14).description == "3:14")
    }
}
