import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import JSON
import Testing

/// The exact requests the Cloud Control client sends. The rules checked: aws-wire-formats.md §2 and the botocore
/// model `cloudcontrol` 2021-09-30 (protocol `json`, `jsonVersion` 1.0, `targetPrefix` `CloudApiService`, signing
/// name `cloudcontrolapi`): `POST /`, `Content-Type: application/x-amz-json-1.0`, `X-Amz-Target:
/// CloudApiService.<Operation>`, a JSON object body whose members are named as the input shape names them, with
/// `DesiredState`, `PatchDocument` and `ResourceModel` as JSON text inside JSON strings.
@Suite("Cloud Control: request bodies and signed requests")
struct CloudControlRequestTests {
    static let image = "AWS::ImageBuilder::Image"
    static let arn = "arn:aws:imagebuilder:us-west-2:123456789012:image/web-recipe/1.0.0/1"
    static let role = "arn:aws:iam::123456789012:role/CloudControlExecution"
    static let token = "a58cbe0e-3629-441b-afd6-f1aee631179d"
    /// A desired state with the characters JSON must escape inside a string (quotes, a backslash, a line feed) and
    /// ones it must not (`/`, `é`).
    static let desiredState =
        #"{"ImageRecipeArn":"arn:aws:imagebuilder:us-west-2:123456789012:image-recipe/web/1.0.0","#
        + #""Tags":{"note":"a \"b\" c\\d é"}}"# + "\n"

    /// Every operation with every member set, and its body byte for byte: the model's member order, compact JSON,
    /// `"` `\` and line feed escaped, `/` and non-ASCII written as they are.
    static let everyMember: [(CloudControlRequest, String)] = [
        (
            .createResource(typeName: image, desiredState: desiredState, clientToken: token, roleArn: role),
            #"{"TypeName":"AWS::ImageBuilder::Image","RoleArn":"\#(role)","ClientToken":"\#(token)","#
                + #""DesiredState":"{\"ImageRecipeArn\":\"arn:aws:imagebuilder:us-west-2:123456789012:"#
                + #"image-recipe/web/1.0.0\",\"Tags\":{\"note\":\"a \\\"b\\\" c\\\\d é\"}}\n"}"#
        ),
        (
            .updateResource(
                typeName: image, identifier: arn,
                patchDocument: #"[{"op":"replace","path":"/Tags","value":{"env":"prod"}}]"#, clientToken: token,
                roleArn: role),
            #"{"TypeName":"AWS::ImageBuilder::Image","RoleArn":"\#(role)","ClientToken":"\#(token)","#
                + #""Identifier":"\#(arn)","#
                + #""PatchDocument":"[{\"op\":\"replace\",\"path\":\"/Tags\",\"value\":{\"env\":\"prod\"}}]"}"#
        ),
        (
            .deleteResource(typeName: image, identifier: arn, clientToken: token, roleArn: role),
            #"{"TypeName":"AWS::ImageBuilder::Image","RoleArn":"\#(role)","ClientToken":"\#(token)","#
                + #""Identifier":"\#(arn)"}"#
        ),
        (
            .getResource(typeName: image, identifier: arn, roleArn: role),
            #"{"TypeName":"AWS::ImageBuilder::Image","RoleArn":"\#(role)","Identifier":"\#(arn)"}"#
        ),
        (
            .listResources(
                typeName: image, resourceModel: #"{"Name":"web"}"#, roleArn: role, nextToken: "page+2/=",
                maxResults: 50),
            #"{"TypeName":"AWS::ImageBuilder::Image","RoleArn":"\#(role)","NextToken":"page+2/=","MaxResults":50,"#
                + #""ResourceModel":"{\"Name\":\"web\"}"}"#
        ),
        (
            .getResourceRequestStatus(requestToken: "6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE"),
            #"{"RequestToken":"6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE"}"#
        ),
        (
            .cancelResourceRequest(requestToken: "6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE"),
            #"{"RequestToken":"6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE"}"#
        ),
        (
            .listResourceRequests(
                filter: ResourceRequestStatusFilter(
                    operations: [.create, .delete], operationStatuses: [.inProgress, .cancelComplete]),
                nextToken: "t2", maxResults: 10),
            #"{"MaxResults":10,"NextToken":"t2","ResourceRequestStatusFilter":{"Operations":["CREATE","DELETE"],"#
                + #""OperationStatuses":["IN_PROGRESS","CANCEL_COMPLETE"]}}"#
        ),
    ]

    /// The same operations with every optional member left `nil`: those members are left out, not sent as `null`.
    static let requiredOnly: [(CloudControlRequest, String)] = [
        (
            .createResource(typeName: image, desiredState: "{}", clientToken: token),
            #"{"TypeName":"AWS::ImageBuilder::Image","ClientToken":"\#(token)","DesiredState":"{}"}"#
        ),
        (
            .updateResource(typeName: image, identifier: arn, patchDocument: "[]", clientToken: token),
            #"{"TypeName":"AWS::ImageBuilder::Image","ClientToken":"\#(token)","Identifier":"\#(arn)","#
                + #""PatchDocument":"[]"}"#
        ),
        (
            .deleteResource(typeName: image, identifier: arn, clientToken: token),
            #"{"TypeName":"AWS::ImageBuilder::Image","ClientToken":"\#(token)","Identifier":"\#(arn)"}"#
        ),
        (
            .getResource(typeName: image, identifier: arn),
            #"{"TypeName":"AWS::ImageBuilder::Image","Identifier":"\#(arn)"}"#
        ),
        (.listResources(typeName: image), #"{"TypeName":"AWS::ImageBuilder::Image"}"#),
        (.listResourceRequests(), "{}"),
        (.listResourceRequests(filter: ResourceRequestStatusFilter()), #"{"ResourceRequestStatusFilter":{}}"#),
    ]

    @Test(arguments: everyMember + requiredOnly)
    func bodyIsByteExact(_ request: CloudControlRequest, _ expected: String) {
        #expect(String(decoding: request.body, as: UTF8.self) == expected)
    }

    /// The JSON-text members survive the trip: the body parses, and `DesiredState` reads back as the text given.
    @Test func desiredStateIsCarriedAsText() throws {
        let request = CloudControlRequest.createResource(
            typeName: Self.image, desiredState: Self.desiredState, clientToken: Self.token)
        let members = try #require(try JSONParser.parse(request.body).objectValue)
        #expect(members.map(\.key) == ["TypeName", "ClientToken", "DesiredState"])
        #expect(members.last?.value.stringValue == Self.desiredState)
    }

    @Test func operationsMutationsAndClientTokens() {
        let names = Self.everyMember.map(\.0.operation)
        #expect(
            names == [
                "CreateResource", "UpdateResource", "DeleteResource", "GetResource", "ListResources",
                "GetResourceRequestStatus", "CancelResourceRequest", "ListResourceRequests",
            ])
        #expect(Self.everyMember.map(\.0.isMutation) == [true, true, true, false, false, false, false, false])
        #expect(Self.everyMember.map(\.0.clientToken) == [Self.token, Self.token, Self.token, nil, nil, nil, nil, nil])
    }

    /// ClientToken: pattern `[-A-Za-z0-9+/=]+`, 1–128 characters (model shape `ClientToken`); each new one differs.
    @Test func newClientTokensFitTheModelPattern() {
        let tokens = (0..<20).map { _ in CloudControlRequest.newClientToken() }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            #expect((1...128).contains(token.count))
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-+/=".contains($0)) })
        }
    }

    /// The dry-run request: `POST /` on the regional endpoint with exactly the content type, the target and the body,
    /// nothing signed yet.
    @Test func theUnsignedRequestIsWhatDryRunPrints() throws {
        let client = Fixtures.cloudControl(FakeTransport(bodies: []))
        let (call, body) = Self.everyMember[0]
        let request = client.request(for: call)
        #expect(request.method == "POST")
        #expect(request.url?.absoluteString == "https://cloudcontrolapi.us-west-2.amazonaws.com/")
        #expect(
            request.headers == [
                HTTPHeader("Content-Type", "application/x-amz-json-1.0"),
                HTTPHeader("X-Amz-Target", "CloudApiService.CreateResource"),
            ])
        #expect(String(decoding: request.body, as: UTF8.self) == body)
        #expect(client.region == "us-west-2")
        #expect(client.json.signer.service == "cloudcontrolapi" && client.json.signer.region == "us-west-2")
    }

    /// What the client sends is the dry-run request plus the signing headers, for every operation: the same body
    /// bytes, the same content type and target.
    @Test func eachCallSendsItsDryRunRequest() throws {
        let event = #"{"ProgressEvent":{"RequestToken":"r","OperationStatus":"IN_PROGRESS"}}"#
        let resource = #"{"ResourceDescription":{"Identifier":"i","Properties":"{}"}}"#
        let transport = FakeTransport([
            Fixtures.json(event), Fixtures.json(event), Fixtures.json(event), Fixtures.json(resource),
            Fixtures.json(#"{"ResourceDescriptions":[]}"#), Fixtures.json(event), Fixtures.json(event),
            Fixtures.json(#"{"ResourceRequestStatusSummaries":[]}"#),
        ])
        let client = Fixtures.cloudControl(transport)
        let calls: [CloudControlRequest] = [
            .createResource(typeName: Self.image, desiredState: "{}", clientToken: Self.token, roleArn: Self.role),
            .updateResource(typeName: Self.image, identifier: Self.arn, patchDocument: "[]", clientToken: Self.token),
            .deleteResource(typeName: Self.image, identifier: Self.arn, clientToken: Self.token),
            .getResource(typeName: Self.image, identifier: Self.arn, roleArn: Self.role),
            .listResources(typeName: Self.image, resourceModel: "{}", roleArn: Self.role, maxResults: 5),
            .getResourceRequestStatus(requestToken: "r"),
            .cancelResourceRequest(requestToken: "r"),
            .listResourceRequests(filter: ResourceRequestStatusFilter(operations: [.update]), maxResults: 3),
        ]
        _ = try client.createResource(
            typeName: Self.image, desiredState: "{}", clientToken: Self.token, roleArn: Self.role)
        _ = try client.updateResource(
            typeName: Self.image, identifier: Self.arn, patchDocument: "[]", clientToken: Self.token)
        _ = try client.deleteResource(typeName: Self.image, identifier: Self.arn, clientToken: Self.token)
        _ = try client.getResource(typeName: Self.image, identifier: Self.arn, roleArn: Self.role)
        _ = try client.listResources(typeName: Self.image, resourceModel: "{}", roleArn: Self.role, maxResults: 5)
        _ = try client.getResourceRequestStatus(requestToken: "r")
        _ = try client.cancelResourceRequest(requestToken: "r")
        _ = try client.listResourceRequests(filter: ResourceRequestStatusFilter(operations: [.update]), maxResults: 3)
        let sent = transport.requests
        try #require(sent.count == calls.count)
        for (request, call) in zip(sent, calls) {
            let unsigned = client.request(for: call)
            #expect(request.body == unsigned.body, "\(call.operation)")
            #expect(request.headerValue(named: "X-Amz-Target") == "CloudApiService.\(call.operation)")
            #expect(request.headerValue(named: "Content-Type") == "application/x-amz-json-1.0")
            #expect(request.path == "/" && request.method == "POST" && request.query == nil)
        }
    }

    /// SigV4 (aws-wire-formats.md §3): the request is signed as botocore 1.43's `SigV4Auth` signs the same request
    /// for service `cloudcontrolapi` in `us-west-2` at 2015-08-30T12:36:00Z, signing `content-type` and
    /// `x-amz-target`, plus `x-amz-security-token` with temporary credentials. The expected Authorization values were
    /// printed by botocore (`SigV4Auth.add_auth` with the time mocked).
    @Test func signedAsBotocoreSignsIt() throws {
        let sessionToken =
            "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8"
            + "YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6"
            + "q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJ"
            + "abIQwj2ICCR/oLxBA=="
        let cases: [(AWSCredentials, String)] = [
            (
                Fixtures.credentials,
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/cloudcontrolapi/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                    + "Signature=adf27201bec8d17525751f82762a0d63d99661d36bd1fd2b3925a2b607b37fe0"
            ),
            (
                AWSCredentials(
                    accessKeyId: "AKIDEXAMPLE", secretAccessKey: Fixtures.credentials.secretAccessKey,
                    sessionToken: sessionToken),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/cloudcontrolapi/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
                    + "Signature=adb2bfe187cff9f25679aad7d64aac9ba1853d30ca7b6e814115826c894518f8"
            ),
        ]
        for (credentials, authorization) in cases {
            let transport = FakeTransport([Fixtures.progress("IN_PROGRESS")])
            let client = Fixtures.cloudControl(transport, credentials: credentials)
            _ = try client.getResourceRequestStatus(requestToken: "6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE")
            let request = try #require(transport.requests.first)
            #expect(request.headerValue(named: "Authorization") == authorization)
            #expect(request.headerValue(named: "X-Amz-Date") == "20150830T123600Z")
            #expect(request.headerValue(named: "Host") == "cloudcontrolapi.us-west-2.amazonaws.com")
            #expect(request.headerValue(named: "X-Amz-Security-Token") == credentials.sessionToken)
        }
    }
}
