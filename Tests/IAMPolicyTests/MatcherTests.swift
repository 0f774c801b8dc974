import Testing
import Wildcard

@testable import IAMPolicy

/// `reference_policies_elements_action.md`: action names are case-insensitive; `*` and `?` are wildcards.
@Suite("Action matching")
struct ActionMatchingTests {
    @Test(
        "ActionPattern",
        arguments: [
            ("imagebuilder:GetImage", "imagebuilder:getimage", true),
            ("IMAGEBUILDER:getimage", "imagebuilder:getimage", true),
            ("imagebuilder:Get*", "imagebuilder:getimagerecipe", true),
            ("imagebuilder:Get*", "imagebuilder:listimages", false),
            ("imagebuilder:*Image", "imagebuilder:deleteimage", true),
            ("imagebuilder:*Image", "imagebuilder:deleteimagepolicy", false),
            ("imagebuilder:?etImage", "imagebuilder:getimage", true),
            ("imagebuilder:?etImage", "imagebuilder:ggetimage", false),
            ("*", "imagebuilder:getimage", true),
            ("imagebuilder:*", "imagebuilder:getimage", true),
            ("imagebuilder:*", "imagebuilder2:getimage", false),
            ("image*:GetImage", "imagebuilder:getimage", true),
            ("imagebuilder:GetImage ", "imagebuilder:getimage", false),
            ("imagebuilder:GetImage,imagebuilder:ListImages", "imagebuilder:getimage", false),
            ("GetImage", "getimage", false), ("imagebuilder:Get\tImage", "imagebuilder:get\timage", false),
            ("imagebuilder:Get\nImage", "imagebuilder:get\nimage", false),
            ("imagebuilder:Get\r\nImage", "imagebuilder:get\r\nimage", true),
        ])
    func actionPattern(pattern: String, action: String, expected: Bool) {
        #expect(ActionPattern(pattern).matches(lowercased: action) == expected)
    }

    /// iam-evaluation-anchors §1.5: a malformed entry matches nothing, so inside NotAction it excludes nothing.
    @Test("NotAction with a malformed entry applies to every action")
    func notActionMalformed() {
        let element = ActionElement(isNegated: true, patterns: [ActionPattern("imagebuilder:Get Image")])
        #expect(element.applies(toLowercased: "imagebuilder:getimage"))
    }
}

/// `reference_policies_elements_resource.md`: ARNs are case-sensitive; wildcards work within each part; `*` spans
/// `/`; a trailing `*` in a part may expand across colons.
@Suite("Resource matching")
struct ResourceMatchingTests {
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"

    @Test(
        "ARNPattern",
        arguments: [
            ("*", image, true),
            (image, image, true),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/*", image, true),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/*", image, true),
            ("arn:aws:imagebuilder:*:111122223333:image/*", image, true),
            ("arn:aws:imagebuilder:*:*:*", image, true),
            ("arn:aws:imagebuilder:us-east-?:111122223333:image/*", image, true),
            ("arn:aws:imagebuilder:us-west-2:111122223333:image/*", image, false),
            ("arn:aws:imagebuilder:us-east-1:999988887777:image/*", image, false),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/Web/*", image, false),
            ("arn:aws:imagebuilder:us-east-1:111122223333:component/*", image, false),
            ("arn:aws:imagebuilder:*", image, true),
            ("arn:aws:imagebuilder:us-east-1*", image, true),
            ("arn:aws:imagebuilder:us-east-1", image, false),
            ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", true),
            ("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/a", false),
            ("ARN:aws:imagebuilder:*:*:*", image, false),
        ])
    func arnPattern(pattern: String, resource: String, expected: Bool) {
        #expect(ARNPattern(pattern).matches(resource) == expected)
    }

    /// Actions without resource-level permissions are requested on `*`, which only a `*` pattern names.
    @Test("A `*` request resource is matched only by a pattern of stars")
    func wildcardOnlyResource() {
        #expect(ARNPattern("*").matches("*"))
        #expect(ARNPattern("**").matches("*"))
        #expect(!ARNPattern("arn:aws:imagebuilder:*:*:*").matches("*"))
        #expect(!ARNPattern("?").matches("*"))
    }

    /// `reference_policies_elements_condition_operators.md#Conditions_ARN`: ArnLike matches each of the six parts
    /// separately, so a `*` in the region does not swallow the account.
    @Test("ArnLike matches part by part")
    func arnLikePerPart() {
        let pattern = ARNPattern("arn:aws:iam::*:role/ci", trailingStarSpansColons: false)
        #expect(pattern.matches("arn:aws:iam::111122223333:role/ci"))
        #expect(!pattern.matches("arn:aws:iam::111122223333:role/ci-extra"))
        #expect(!pattern.matches("arn:aws:iam::111122223333:extra:role/ci"))
    }
}

@Suite("Value parsers")
struct ValueParserTests {
    /// `reference_policies_elements_condition_operators.md#Conditions_IPAddress`: IPv4 and IPv6, CIDR or a single
    /// address.
    @Test(
        "IP networks",
        arguments: [
            ("203.0.113.0/24", "203.0.113.7", true), ("203.0.113.0/24", "203.0.114.7", false),
            ("203.0.113.7", "203.0.113.7", true), ("203.0.113.7", "203.0.113.8", false),
            ("0.0.0.0/0", "198.51.100.1", true), ("2001:db8::/32", "2001:db8:1234::1", true),
            ("2001:db8::/32", "2001:db9::1", false), ("::1", "0:0:0:0:0:0:0:1", true),
            ("2001:DB8::/32", "2001:db8::ffff:203.0.113.7", true), ("203.0.113.0/24", "2001:db8::1", false),
            ("2001:db8::/32", "203.0.113.7", false), ("203.0.113.0/24", "not-an-ip", false),
        ])
    func ipNetworks(network: String, address: String, expected: Bool) throws {
        let parsed = try #require(IPNetwork(network))
        #expect(parsed.contains(address) == expected)
    }

    @Test(
        "Malformed networks are rejected", arguments: ["203.0.113.0/33", "256.0.0.1", "1.2.3", "::/129", "a::b::c", ""])
    func malformedNetworks(text: String) {
        #expect(IPNetwork(text) == nil)
    }

    /// Date operators accept ISO 8601 and epoch seconds.
    @Test(
        "Dates",
        arguments: [
            ("1970-01-01T00:00:00Z", 0.0), ("2026-01-01", 1_767_225_600), ("2026-01-01T00:00:00Z", 1_767_225_600),
            ("2026-01-01T02:00:00+02:00", 1_767_225_600), ("2026-01-01T00:00:00.500Z", 1_767_225_600.5),
            ("1767225600", 1_767_225_600), ("2024-02-29T12:00:00Z", 1_709_208_000),
        ])
    func dates(text: String, seconds: Double) {
        #expect(parseDate(text) == seconds)
    }

    @Test(
        "Malformed dates are rejected",
        arguments: ["2026-13-01", "2025-02-29", "2026-01-01T25:00:00Z", "yesterday", "2026-1-1"])
    func malformedDates(text: String) {
        #expect(parseDate(text) == nil)
    }

    @Test("Numbers, booleans and base64")
    func scalars() {
        #expect(parseNumber("10") == 10)
        #expect(parseNumber("-1.5") == -1.5)
        #expect(parseNumber("1e3") == nil)
        #expect(parseNumber("0x10") == nil)
        #expect(parseNumber("") == nil)
        #expect(parseBool("TRUE") == true)
        #expect(parseBool("yes") == nil)
        #expect(decodeBase64("QmluYXJ5") == Array("Binary".utf8))
        #expect(decodeBase64("QQ==") == [65])
        #expect(decodeBase64("Q!==") == nil)
    }

    /// ASCII text without a colon is parsed as an IPv4 network on its bytes; it must give the network (or the
    /// failure) the character-by-character parsing gives.
    @Test("IPv4 networks parse as the character-based parser does")
    func ipv4Parsing() {
        var texts = [
            "10.0.0.0/8", "10.0.0.0/08", "1.2.3.4", "1.2.3.4/", "/24", "1.2.3.4/33", "1.2.3.4/0", "1.2.3.256",
            "01.002.3.4/32", "1.2.3", "1.2.3.4.5", "1.2.3.4/2/4", "", "1..3.4", "1.2.3.4 /8", "+1.2.3.4", "1.2.3.4/+8",
            "255.255.255.255/31", "1.2.3.4/1000", "10.0.0.0/008", "10.0.0.0/032",
        ]
        var random = SplitMix64(seed: 11)
        let alphabet: [String] = ["1", "2", "5", "0", "25", "255", "256", ".", ".", "/", "3", " ", "x"]
        for _ in 0..<4000 {
            texts.append((0..<Int(random.next() % 12)).map { _ in Corpus.pick(alphabet, &random) }.joined())
        }
        for text in texts {
            #expect(IPNetwork(text) == IPNetwork(parsingCharacters: text), "\(text.debugDescription)")
        }
    }
}

/// `reference_policies_variables.md`: `${key}`, defaults, and the special `${*}`, `${?}`, `${$}`.
@Suite("Policy variables")
struct VariableTemplateTests {
    func substitute(_ text: String, _ values: [String: String]) -> String? {
        guard let template = VariableTemplate(text) else { return nil }
        switch template.substitute({ values[$0] }) {
        case .success(let output): return unescapeWildcards(output)
        case .failure: return nil
        }
    }

    @Test("Substitution")
    func substitution() {
        #expect(substitute("home/${aws:username}/*", ["aws:username": "ana"]) == "home/ana/*")
        #expect(substitute("${AWS:UserName}", ["aws:username": "ana"]) == "ana")
        #expect(substitute("team-${aws:PrincipalTag/team, 'shared'}", [:]) == "team-shared")
        #expect(substitute("a${*}b${?}c${$}", [:]) == "a*b?c$")
        #expect(substitute("${aws:username}", [:]) == nil)
        #expect(substitute("cost ${not closed", [:]) == "cost ${not closed")
    }

    /// ASCII text is parsed on its bytes; it must give the segments the character-by-character parsing gives,
    /// for the hand-picked edge cases and for text drawn from the characters that matter to the parsing.
    @Test("ASCII templates parse as the character-based parser does")
    func asciiParsing() {
        var texts = [
            "${aws:username}", "home/${aws:username}/*", "${ AWS:UserName }", "${a, 'd'}", "${a,'d'}", "${a, d}",
            "${a, ''}", "${a, '}", "${, 'x'}", "${}", "${ }", "${a b}", "${a{b}", "${a$b}", "$${a}", "${${a}}",
            "${a", "a${*}b${?}c${$}", "${**}", "x\r\n${a}\r\n", "${a\r\n}", "${a, '\r\n'}", "'${a}'", "}${a}{",
            "${a, 'b, c'}", "${a}${b}", "${a}x${", "${a , 'x' }",
        ]
        var random = SplitMix64(seed: 7)
        let alphabet: [String] = ["$", "{", "}", ",", "'", " ", "*", "?", "a", "B", ":", "/", "\r\n", "\n", "${"]
        for _ in 0..<4000 {
            texts.append((0..<Int(random.next() % 14)).map { _ in Corpus.pick(alphabet, &random) }.joined())
        }
        for text in texts {
            var copy = text
            let byBytes = copy.withUTF8 { VariableTemplate.segments(ofASCII: $0) }
            #expect(byBytes == VariableTemplate.segments(ofCharacters: Substring(text)), "\(text.debugDescription)")
        }
    }

    /// Characters from `${*}` are literal, not wildcards.
    @Test("Special variables stay literal in patterns")
    func specialsAreLiteral() throws {
        let template = try #require(VariableTemplate("prefix-${*}"))
        guard case .success(let text) = template.substitute({ _ in nil }) else {
            Issue.record("substitution failed")
            return
        }
        let pattern = WildcardPattern(text)
        #expect(pattern.matches("prefix-*"))
        #expect(!pattern.matches("prefix-anything"))
    }
}
