import Testing

@testable import Diagnostics

@Suite("Did you mean")
struct SuggestionTests {
    @Test("edit distance: the textbook cases, on UTF-8 bytes")
    func editDistance() {
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance("abc", "") == 3)
        #expect(Suggestion.editDistance("abc", "abc") == 0)
        #expect(Suggestion.editDistance("StringEqual", "StringEquals") == 1)
        #expect(Suggestion.editDistance("é", "e") == 2)
    }

    @Test("a limit saturates the distance at limit + 1 and never changes a distance within it")
    func limit() {
        #expect(Suggestion.editDistance("kitten", "sitting", limit: 3) == 3)
        #expect(Suggestion.editDistance("kitten", "sitting", limit: 2) == 3)
        #expect(Suggestion.editDistance("kitten", "sitting", limit: 0) == 1)
        #expect(Suggestion.editDistance("a", String(repeating: "a", count: 100_000), limit: 3) == 4)
        let words = ["SELECT", "INSERT", "UPDATE", "DELETE", "imagebuilder:GetImage", "us-east-1", "eu-west-3"]
        for a in words {
            for b in words {
                let exact = Suggestion.editDistance(a, b)
                for limit in 0...12 {
                    #expect(Suggestion.editDistance(a, b, limit: limit) == min(exact, limit + 1), "\(a) \(b) \(limit)")
                }
            }
        }
    }

    @Test("closest: same letters in another case first, then the first of the closest within the bound")
    func closest() {
        let operators = ["StringEquals", "StringNotEquals", "StringLike", "ArnEquals"]
        #expect(Suggestion.closest(to: "stringequals", among: operators, maxDistance: 3) == "StringEquals")
        #expect(Suggestion.closest(to: "StringEqual", among: operators, maxDistance: 3) == "StringEquals")
        #expect(Suggestion.closest(to: "Nothing", among: operators, maxDistance: 3) == nil)
        // Ties go to the earlier candidate.
        #expect(Suggestion.closest(to: "ab", among: ["ax", "ay"], maxDistance: 1) == "ax")
        #expect(Suggestion.closest(to: "ab", among: ["ay", "ax"], maxDistance: 1) == "ay")
        // The bound may depend on the closest candidate.
        let long = "averyverylongcolumnname"
        #expect(Suggestion.closest(to: "averyverylongcolumnnmae", among: [long]) { max(2, $0.count / 5) } == long)
        #expect(Suggestion.closest(to: "xxxxverylongcolumnname", among: [long]) { _ in 2 } == nil)
        #expect(Suggestion.closest(to: "x", among: [String](), maxDistance: 3) == nil)
    }

    /// Issue 14: `iamgate lint` took seconds on a policy naming one very long unknown action; the bounded distance
    /// stops at the length difference (the figure is in the note, measured outside the tests).
    @Test("a very long name against many candidates finds none")
    func longName() {
        let candidates = (0..<2_000).map { "Action\($0)" }
        let name = String(repeating: "x", count: 200_000)
        #expect(Suggestion.closest(to: name, among: candidates, maxDistance: 3) == nil)
        #expect(Suggestion.closest(to: "Action1999x", among: candidates, maxDistance: 3) == "Action1999")
    }
}
