import AWSCore
import AWSTestSupport
import Foundation
import Testing

@Suite("AWS error responses (query XML and JSON)")
struct XMLAWSErrorResponseTests {
    @Test("the IAM sample error reads code, message, type and request id")
    func iamSample() {
        let response = HTTPResponse(
            status: 404, headers: [HTTPHeader("Content-Type", "text/xml")],
            body: Array(AWSSamples.iamErrorResponse.utf8))
        let error = AWSErrorResponse.query(response)
        #expect(
            error
                == AWSErrorResponse(
                    code: "NoSuchEntity", message: "The role with name ImageBuilderRole cannot be found.",
                    requestId: "4f2d1c8e-9b3a-4c1d-8e7f-0a1b2c3dEXAMPLE", type: "Sender", status: 404))
        #expect(
            error.description
                == "aws error NoSuchEntity (http 404, request id 4f2d1c8e-9b3a-4c1d-8e7f-0a1b2c3dEXAMPLE): "
                + "The role with name ImageBuilderRole cannot be found.")
    }

    @Test("moto's <Errors> wrapper and an STS namespace read the same way")
    func errorsWrapper() {
        let body = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Errors><Error>\
            <Code>InvalidClientTokenId</Code><Type>Sender</Type>\
            <Message>The security token included in the request is invalid.</Message></Error></Errors>\
            <RequestId>abc-123</RequestId></ErrorResponse>
            """
        let error = AWSErrorResponse.query(HTTPResponse(status: 403, body: Array(body.utf8)))
        #expect(error.code == "InvalidClientTokenId")
        #expect(error.message == "The security token included in the request is invalid.")
        #expect(error.requestId == "abc-123")
        #expect(error.type == "Sender")
    }

    @Test("the request id falls back to the x-amzn-RequestId header")
    func requestIdFromHeader() {
        let body =
            "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"
        let response = HTTPResponse(
            status: 400, headers: [HTTPHeader("x-amzn-RequestId", "from-header")], body: Array(body.utf8))
        let error = AWSErrorResponse.query(response)
        #expect(error.code == "Throttling")
        #expect(error.requestId == "from-header")
        #expect(error.type == nil)
    }

    @Test(
        "a body without a readable error gives the status as code, botocore-style",
        arguments: [
            (
                "<html><body><h1>500 Internal Server Error</h1>NotImplementedError</body></html>", 500,
                "Internal Server Error"
            ),
            ("", 503, "Service Unavailable"),
            ("<ErrorResponse><Error><Message>no code</Message></Error></ErrorResponse>", 400, "Bad Request"),
            ("<broken", 502, "Bad Gateway"),
        ])
    func unreadableQueryBody(body: String, status: Int, message: String) {
        let error = AWSErrorResponse.query(HTTPResponse(status: status, body: Array(body.utf8)))
        #expect(error.code == String(status))
        #expect(error.message == message)
    }

    @Test("the Cloud Control sample reads a normalised code, the message and the header request id")
    func cloudControlSample() {
        let response = HTTPResponse(
            status: 400, headers: [HTTPHeader("x-amzn-RequestId", "cc-req-1")],
            body: Array(AWSSamples.cloudControlError.utf8))
        let error = AWSErrorResponse.json(response)
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message.hasPrefix("AWS::ImageBuilder::Image Handler returned status FAILED: Resource of type"))
        #expect(error.requestId == "cc-req-1")
        #expect(error.type == nil)
        #expect(error.status == 400)
    }

    @Test("a JSON error takes `message` in lower case and the code from x-amzn-ErrorType when the body has none")
    func jsonVariants() {
        let lower = AWSErrorResponse.json(
            HTTPResponse(status: 400, body: Array(#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.utf8)))
        #expect(lower.code == "ThrottlingException")
        #expect(lower.message == "Rate exceeded")
        let header = AWSErrorResponse.json(
            HTTPResponse(
                status: 400,
                headers: [
                    HTTPHeader(
                        "X-Amzn-ErrorType",
                        "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/")
                ],
                body: Array("{}".utf8)))
        #expect(header.code == "ThrottlingException")
        let html = AWSErrorResponse.json(HTTPResponse(status: 500, body: Array("<html>oops</html>".utf8)))
        #expect(html.code == "500")
        #expect(html.message == "Internal Server Error")
    }

    @Test("a JSON-protocol error with a query-protocol XML body (moto's authorization error) is read as XML")
    func jsonCallAnsweredWithXML() {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ci \
            is not authorized to perform: organizations:DescribeOrganization</Message><Type>Sender</Type></Error>\
            </Errors></ErrorResponse>
            """
        let error = AWSErrorResponse.json(
            HTTPResponse(
                status: 403, headers: [HTTPHeader("x-amzn-RequestId", "moto-req-1")], body: Array(body.utf8)))
        #expect(error.code == "AccessDenied")
        #expect(error.message.hasSuffix("is not authorized to perform: organizations:DescribeOrganization"))
        #expect(error.requestId == "moto-req-1")
        #expect(error.status == 403)
    }

    @Test(
        "JSON codes are normalised like botocore and smithy do",
        arguments: [
            ("com.amazon.cloudapiservice#ResourceNotFoundException", "ResourceNotFoundException"),
            ("ThrottlingException:http://internal.amazon.com/coral/", "ThrottlingException"),
            ("aws.protocoltests#FooError:http://x#y", "FooError"),
            ("PlainCode", "PlainCode"),
        ])
    func normalisedCodes(raw: String, code: String) {
        #expect(AWSErrorResponse.normalisedCode(raw) == code)
    }

    @Test("the embedded samples are the files in fixtures/aws-samples")
    func samplesMatchOriginals() throws {
        let directory = AWSSamples.directory
        try #require(
            FileManager.default.fileExists(atPath: directory.path),
            "the AWS samples are missing: expected \(directory.path)")
        #expect(AWSSamples.all.count == 6)
        for (file, text) in AWSSamples.all {
            let original = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(original.trimmingCharacters(in: .newlines) == text, "\(file) differs from its copy")
        }
    }
}
