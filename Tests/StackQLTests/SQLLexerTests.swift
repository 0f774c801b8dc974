import Testing

@testable import StackQL

@Suite("SQLLexer")
struct SQLLexerTests {
    private func tokens(_ text: String) throws -> [SQLToken] {
        var lexer = SQLLexer(text: text, source: "test.iql")
        return try lexer.tokenize()
    }

    private func kinds(_ text: String) throws -> [SQLToken.Kind] {
        try tokens(text).map(\.kind)
    }

    @Test("words, backquoted identifiers, numbers, operators, JSON arrows")
    func basicTokens() throws {
        #expect(
            try kinds("SELECT `a``b`, x->'$.y', z->>'$.w', 12.5e3 FROM t;") == [
                .word("SELECT"), .quotedIdentifier("a`b"), .symbol(","), .word("x"), .symbol("->"),
                .string([.text("$.y")], quote: "'"), .symbol(","), .word("z"), .symbol("->>"),
                .string([.text("$.w")], quote: "'"), .symbol(","), .number("12.5e3"), .word("FROM"), .word("t"),
                .symbol(";"),
            ])
        #expect(try kinds("a <= b <> c != d >= e < f = g").count == 13)
        #expect(try kinds("a<=>b").map { $0 } == [.word("a"), .symbol("<=>"), .word("b")])
    }

    @Test("comments are skipped and hints are kept")
    func commentsAndHints() throws {
        let text = "-- a\n# b\n// c\n/* d */ /*+  AWAIT  */ x /**/ y"
        #expect(try kinds(text) == [.hint("AWAIT"), .word("x"), .word("y")])
    }

    @Test("string literals split around templates; a template's own quotes do not end the literal")
    func stringsWithTemplates() throws {
        #expect(
            try kinds("'a{{ b }}c'") == [.string([.text("a"), .template(" b "), .text("c")], quote: "'")])
        #expect(
            try kinds("'{{ x | default('it''s') }}'") == [
                .string([.text(""), .template(" x | default('it''s') "), .text("")], quote: "'")
            ])
        #expect(try kinds("{{ {\"a\": {\"b\": 1}} }}") == [.template(" {\"a\": {\"b\": 1}} ")])
    }

    @Test("locations: 1-based lines and columns counted in characters, with the end after the token")
    func locations() throws {
        let lexed = try tokens("\tSELECT\n  'ä{{ x\n }}' 7")
        #expect(lexed.map(\.location) == [loc(1, 2), loc(2, 3), loc(3, 6)])
        #expect(lexed.map(\.endLocation) == [loc(1, 8), loc(3, 5), loc(3, 7)])
    }

    @Test(
        "unterminated literals, comments, templates and identifiers fail at their start",
        arguments: [
            ("x = 'abc", 1, 5, "unterminated string literal"),
            ("x = \"abc''", 1, 5, "unterminated string literal"),
            ("x\n  /* never closed", 2, 3, "unterminated comment"),
            ("/*+ AWAIT ", 1, 1, "unterminated comment"),
            ("x = '{{ region '", 1, 6, "unterminated template expression (missing '}}')"),
            ("x = {{ region", 1, 5, "unterminated template expression (missing '}}')"),
            ("`images", 1, 1, "unterminated quoted identifier"),
        ])
    func unterminated(text: String, line: Int, column: Int, message: String) {
        var lexer = SQLLexer(text: text, source: "test.iql")
        do {
            _ = try lexer.tokenize()
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.location == loc(line, column))
            #expect(error.message == message)
        }
    }
}
