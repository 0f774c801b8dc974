import Testing
import Wildcard

@Suite("Whether two wildcard patterns can match the same text")
struct WildcardTokenTests {
    @Test(
        "Glob intersection",
        arguments: [
            ("a*", "*b", true), ("a?c", "abc", true), ("a*c", "b*", false), ("ab", "a", false), ("*", "", true),
            ("?", "", false), ("a*c", "*b*", true), ("a?", "abc", false), ("AB", "ab", false), ("?*", "", false),
            ("*", "?*", true),
        ])
    func intersection(lhs: String, rhs: String, expected: Bool) {
        #expect(WildcardToken.intersect(WildcardToken.tokens(of: lhs), WildcardToken.tokens(of: rhs)) == expected)
        #expect(WildcardToken.intersect(WildcardToken.tokens(of: rhs), WildcardToken.tokens(of: lhs)) == expected)
    }

    @Test("Escaped wildcards are literal tokens")
    func escapedTokens() {
        #expect(WildcardToken.tokens(of: "a*?") == [.literal("a"), .anyRun, .one])
        #expect(WildcardToken.tokens(of: escapeWildcards("*?")) == [.literal("*"), .literal("?")])
        let literalStar = WildcardToken.tokens(of: escapeWildcards("a*"))
        #expect(!WildcardToken.intersect(literalStar, WildcardToken.tokens(of: "ab")))
        #expect(WildcardToken.intersect(literalStar, WildcardToken.tokens(of: "a?")))
    }

    @Test("A run that excludes characters cannot consume them")
    func restrictedRuns() {
        let component = [WildcardToken.literal("r"), .run(excluding: [":", "/"])]
        #expect(WildcardToken.intersect(component, WildcardToken.tokens(of: "rx")))
        #expect(!WildcardToken.intersect(component, WildcardToken.tokens(of: "r:x")))
        #expect(!WildcardToken.intersect(component, WildcardToken.tokens(of: "r/x")))
        #expect(WildcardToken.intersect(component, WildcardToken.tokens(of: "r*")))
        #expect(WildcardToken.intersect(component, WildcardToken.tokens(of: "r?")))
        let withSlash = [WildcardToken.literal("r"), .run(excluding: [":"])]
        #expect(WildcardToken.intersect(withSlash, WildcardToken.tokens(of: "r/x")))
    }
}
