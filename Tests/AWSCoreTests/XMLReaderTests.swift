import AWSCore
import AWSTestSupport
import Foundation
import Testing

@Suite("XMLReader")
struct XMLReaderTests {
    func parse(_ text: String) throws(XMLError) -> XMLElement {
        try XMLReader.parse(Array(text.utf8))
    }

    @Test("namespace prefixes are stripped from element and attribute names, and the namespace URI is kept")
    func namespacesStripped() throws {
        let root = try parse(
            """
            <a:Root xmlns:a="urn:one" xmlns="urn:default">
              <a:Child b:kind="x" plain="y" xmlns:b="urn:two">text</a:Child>
              <Other/>
            </a:Root>
            """)
        #expect(root.name == "Root")
        #expect(root.namespace == "urn:one")
        #expect(root.attributes.isEmpty)
        #expect(root.children.map(\.name) == ["Child", "Other"])
        #expect(root.child("Child")?.attributes == ["kind": "x", "plain": "y"])
        #expect(root.child("Child")?.attribute("kind") == "x")
        #expect(root.child("Other")?.namespace == "urn:default")
        #expect(root.value(at: "Child") == "text")
    }

    @Test("the simulate sample reads through paths, whatever the order of children and with unknown elements")
    func simulateSample() throws {
        let root = try parse(AWSSamples.simulatePrincipalPolicyResponse)
        #expect(root.name == "SimulatePrincipalPolicyResponse")
        #expect(root.namespace == "https://iam.amazonaws.com/doc/2010-05-08/")
        #expect(root.value(at: "ResponseMetadata", "RequestId") == "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
        let result = try #require(root.path("SimulatePrincipalPolicyResult"))
        #expect(result.value(at: "IsTruncated") == "true")
        let members = result.path("EvaluationResults")?.children("member") ?? []
        #expect(
            members.map { $0.value(at: "EvalActionName") } == [
                "imagebuilder:CreateImage", "iam:PassRole", "ec2:RunInstances",
            ])
        #expect(members.map { $0.value(at: "EvalDecision") } == ["allowed", "explicitDeny", "implicitDeny"])
        #expect(
            members[1].path("MissingContextValues")?.children("member").map(\.textValue) == [
                "aws:RequestedRegion", "iam:PassedToService",
            ])
        let details = members[1].path("EvalDecisionDetails")?.children("entry") ?? []
        #expect(details.map { $0.value(at: "key") } == ["IAM Policy", "Permissions Boundary Policy"])
        #expect(members[0].value(at: "MatchedStatements", "member", "StartPosition", "Column") == "17")
        #expect(members[2].path("MatchedStatements")?.children.isEmpty == true)
        #expect(members[2].path("NoSuchElement", "Deeper") == nil)
        #expect(members[2].path() == members[2])
    }

    @Test("child lookups do not depend on order, and unknown elements are kept but not in the way")
    func orderTolerance() throws {
        let first = try parse("<m><A>1</A><B>2</B><Unknown><X/></Unknown></m>")
        let second = try parse("<m><Unknown><X/></Unknown><B>2</B><A>1</A></m>")
        for element in [first, second] {
            #expect(element.value(at: "A") == "1")
            #expect(element.value(at: "B") == "2")
            #expect(element.child("Unknown")?.child("X") != nil)
        }
        #expect(first.children("A").count == 1)
    }

    @Test("text joins text and CDATA, decodes predefined entities and character references, and stays untrimmed")
    func textContent() throws {
        let root = try parse(
            "<r>\n  a &amp; b &lt;c&gt; &#x41;&#66; <![CDATA[<raw> & ]]>tail <child>inner</child> end\n</r>")
        #expect(root.text == "\n  a & b <c> AB <raw> & tail  end\n")
        #expect(root.textValue == "a & b <c> AB <raw> & tail  end")
        #expect(root.child("child")?.text == "inner")
        let attributes = try parse(#"<r v="a &amp; &quot;b&quot; &#x263A;"/>"#)
        #expect(attributes.attribute("v") == "a & \"b\" ☺")
    }

    @Test("URL-encoded policy documents come through as written")
    func policyDocumentText() throws {
        let root = try parse(AWSSamples.getAccountAuthorizationDetailsResponse)
        let document = root.value(
            at: "GetAccountAuthorizationDetailsResult", "UserDetailList", "member", "UserPolicyList", "member",
            "PolicyDocument")
        #expect(document?.hasPrefix("%7B%22Version%22%3A%222012-10-17%22") == true)
        #expect(document?.removingPercentEncoding?.hasPrefix(#"{"Version":"2012-10-17""#) == true)
    }

    @Test("malformed XML is one sentence with libxml2's line and column")
    func malformedPosition() throws {
        let error = #expect(throws: XMLError.self) {
            try parse("<ErrorResponse>\n  <Error>\n    <Code>X</Error>\n</ErrorResponse>")
        }
        #expect(
            error == .malformed(line: 3, column: 20, reason: "opening and ending tag mismatch: Code line 3 and Error"))
        #expect(
            error?.description == "malformed xml at line 3:20: opening and ending tag mismatch: Code line 3 and Error")
    }

    @Test(
        "other malformed documents are refused with a position",
        arguments: [
            ("<a><b></a>", 1, 11),
            ("<a>", 1, 4),
            ("not xml at all", 1, 1),
            ("<a>\n<b attr=noquotes/></a>", 2, 9),
            ("<a></a><b></b>", 1, 8),
            ("<a>&undefined;</a>", 1, 15),
        ])
    func malformed(text: String, line: Int, column: Int) throws {
        let error = #expect(throws: XMLError.self) { try parse(text) }
        guard case .malformed(let foundLine, let foundColumn, let reason) = error else {
            Issue.record("expected a malformed-xml error, got \(String(describing: error))")
            return
        }
        #expect(foundLine == line)
        #expect(foundColumn == column)
        #expect(!reason.isEmpty && !reason.hasSuffix("\n"))
    }

    @Test("an undefined entity is an error naming it, not an empty string")
    func undefinedEntity() throws {
        let error = #expect(throws: XMLError.self) { try parse("<a>&undefined;</a>") }
        #expect(error?.description.contains("'undefined'") == true)
    }

    @Test(
        "documents with a DTD are refused, so entities are never declared or expanded",
        arguments: [
            // Billion laughs.
            """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <lolz>&lol3;</lolz>
            """,
            // External entity (XXE).
            """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <r>&xxe;</r>
            """,
            // External DTD over the network.
            """
            <?xml version="1.0"?>
            <!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">
            <r/>
            """,
        ])
    func dtdRefused(text: String) throws {
        let error = #expect(throws: XMLError.self) { try parse(text) }
        guard case .documentTypeDeclaration(let line, _) = error else {
            Issue.record("expected a dtd refusal, got \(String(describing: error))")
            return
        }
        #expect(line == 2)
        #expect(error?.description.hasPrefix("xml at line 2:") == true)
        #expect(error?.description.contains("document type declaration") == true)
    }

    @Test("a DTD in a UTF-16 document is refused too")
    func dtdRefusedInUTF16() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let error = #expect(throws: XMLError.self) { try XMLReader.parse(bytes) }
        guard case .documentTypeDeclaration = error else {
            Issue.record("expected a dtd refusal, got \(String(describing: error))")
            return
        }
        // The same document without the DTD parses, so the refusal is the DTD's doing.
        let plain = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>ok</r>"
        var plainBytes: [UInt8] = [0xFF, 0xFE]
        for unit in plain.utf16 { plainBytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try XMLReader.parse(plainBytes).text == "ok")
    }

    @Test("a 10 MB document parses completely")
    func largeDocument() throws {
        var text = "<ListResponse><Items>"
        let item = "<member><Name>policy-%</Name><Document>%7B%22Version%22%3A%222012-10-17%22%7D</Document></member>"
        var count = 0
        while text.utf8.count < 10_000_000 {
            text += item.replacingOccurrences(of: "%", with: String(count), options: [], range: item.range(of: "%"))
            count += 1
        }
        text += "</Items></ListResponse>"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 10_000_000)
        let root = try XMLReader.parse(bytes)
        let members = root.path("Items")?.children("member") ?? []
        #expect(members.count == count)
        #expect(members.last?.value(at: "Name") == "policy-\(count - 1)")
    }

    @Test("a document over the size limit is refused before parsing")
    func sizeLimit() throws {
        let bytes = Array("<r>\(String(repeating: "x", count: 2000))</r>".utf8)
        #expect(throws: XMLError.tooLarge(bytes: bytes.count, limit: 1000)) { try XMLReader.parse(bytes, limit: 1000) }
        #expect(
            XMLError.tooLarge(bytes: 2007, limit: 1000).description
                == "xml document of 2007 bytes is larger than the 1000-byte limit")
        #expect(try XMLReader.parse(bytes, limit: bytes.count).text.count == 2000)
    }

    @Test("nesting deeper than libxml2's limit is an error, not a crash")
    func deepNesting() throws {
        let text = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        let error = #expect(throws: XMLError.self) { try parse(text) }
        guard case .malformed(_, _, let reason) = error else {
            Issue.record("expected a malformed-xml error, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("depth"))
    }

    @Test("empty and whitespace-only input is its own error", arguments: ["", "  \n\t "])
    func empty(text: String) throws {
        #expect(throws: XMLError.empty) { try parse(text) }
        #expect(XMLError.empty.description == "xml document is empty")
    }

    @Test("parsing is safe from many threads at once")
    func concurrentParsing() async throws {
        let results = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try XMLReader.parse(Array(AWSSamples.iamErrorResponse.utf8)).value(at: "Error", "Code")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: "NoSuchEntity", count: 16))
    }
}
