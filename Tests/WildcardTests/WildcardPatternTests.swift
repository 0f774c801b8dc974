import Testing
import Wildcard

@Suite("The wildcard matcher")
struct WildcardPatternTests {
    @Test(
        "glob",
        arguments: [
            ("", "", true), ("", "a", false), ("*", "", true), ("a*", "a", true), ("a*b", "axxb", true),
            ("a*b", "axxbc", false), ("a?c", "abc", true), ("a?c", "ac", false), ("a?c", "aéc", true),
            ("*a*b*", "xxaxxbxx", true), ("*a*b*", "xxbxxa", false), ("team-*", "team-*", true),
            // The text before the first wildcard and after the last one, and the bytes that are not `*`, are checked
            // before the glob runs on the rest.
            ("a*b", "xb", false), ("ab?d*", "xbcd", false), ("ab?d*", "abcd", true), ("a*ab", "aab", true),
            ("é*x", "e*x", false), ("*ab*cd*", "abdc", false), ("*ab*cd*", "xabycdz", true), ("a?*?c", "abc", false),
            ("a?*?c", "abxc", true), ("?*", "", false),
            ("imagebuilder:*imagepipeline*", "imagebuilder:getimage", false),
            ("imagebuilder:*imagepipeline*", "imagebuilder2:getimagepipeline", false),
            ("imagebuilder:*imagepipeline*", "imagebuilder:getimagepipelines", true),
        ])
    func glob(pattern: String, subject: String, expected: Bool) {
        #expect(WildcardPattern(pattern).matches(subject) == expected)
    }

    @Test("Case-insensitive patterns fold both sides")
    func caseInsensitive() {
        #expect(WildcardPattern("Image*", caseInsensitive: true).matches("imageBUILDER"))
        #expect(!WildcardPattern("Image*").matches("imageBUILDER"))
    }

    /// `reference_policies_variables.md#policy-vars-specialchars`: `${*}` and `${?}` stand for a literal `*` and
    /// `?`. Escaped, they match only themselves, and the subject is escaped alike.
    @Test("Escaped wildcards match only themselves")
    func escapes() {
        let pattern = WildcardPattern("a" + escapeWildcards("*?") + "*")
        #expect(pattern.hasEscapes)
        #expect(pattern.matches("a*?"))
        #expect(pattern.matches("a*?tail"))
        #expect(!pattern.matches("abc"))
        #expect(!pattern.matches("a*x"))
        #expect(unescapeWildcards(escapeWildcards("x*y?z")) == "x*y?z")
        #expect(!containsEscapes("x*y?z"))
        #expect(escapeWildcards("plain") == "plain")
    }

    @Test("Shapes: the one-comparison fast paths and the general glob agree with the text")
    func shapes() {
        #expect(WildcardPattern("***").glob.shape == .anything)
        #expect(WildcardPattern("abc").glob.shape == .literal)
        #expect(WildcardPattern("ab*").glob.shape == .prefix)
        #expect(WildcardPattern("a*c").glob.shape == .general)
        #expect(WildcardPattern("a?").glob.shape == .general)
        #expect(!WildcardPattern("abc").hasWildcards)
        #expect(WildcardPattern("a?").hasWildcards)
    }
}
