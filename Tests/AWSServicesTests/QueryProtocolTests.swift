import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

@Suite("Query protocol: form encoding and signed requests")
struct QueryProtocolTests {
    /// Every SimulatePrincipalPolicy parameter, as botocore 1.43's `QuerySerializer` writes it for the same input
    /// (`create_serializer('query')` with the iam model, parameters given in the model's member order).
    static let botocoreSimulateBody =
        "Action=SimulatePrincipalPolicy&Version=2010-05-08"
        + "&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FImageBuilderRole"
        + "&PolicyInputList.member.1=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A"
        + "%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"
        + "&PermissionsBoundaryPolicyInputList.member.1=%7B%22Statement%22%3A%5B%5D%7D"
        + "&ActionNames.member.1=imagebuilder%3ACreateImage&ActionNames.member.2=ec2%3ARunInstances"
        + "&ResourceArns.member.1=arn%3Aaws%3Aimagebuilder%3Aus-east-1%3A123456789012%3Aimage%2F%2A"
        + "&ResourcePolicy=%7B%22a%22%3A%20%22b%2Bc%3Dd%20%C3%A9%22%7D&ResourceOwner=123456789012"
        + "&CallerArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2FBob"
        + "&ContextEntries.member.1.ContextKeyName=aws%3ARequestedRegion"
        + "&ContextEntries.member.1.ContextKeyValues.member.1=us-east-1&ContextEntries.member.1.ContextKeyType=string"
        + "&ContextEntries.member.2.ContextKeyName=aws%3ASourceIp"
        + "&ContextEntries.member.2.ContextKeyValues.member.1=10.0.0.1"
        + "&ContextEntries.member.2.ContextKeyValues.member.2=10.0.0.2&ContextEntries.member.2.ContextKeyType=ipList"
        + "&ResourceHandlingOption=EC2-VPC-EBS&MaxItems=50&Marker=AAIA%2Fx%2By%3D"

    static let fullRequest = SimulatePrincipalPolicyRequest(
        policySourceArn: "arn:aws:iam::123456789012:role/ImageBuilderRole",
        options: SimulationOptions(
            policyInputList: [
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
            ],
            permissionsBoundaryPolicyInputList: [#"{"Statement":[]}"#],
            actionNames: ["imagebuilder:CreateImage", "ec2:RunInstances"],
            resourceArns: ["arn:aws:imagebuilder:us-east-1:123456789012:image/*"],
            resourcePolicy: #"{"a": "b+c=d é"}"#, resourceOwner: "123456789012",
            callerArn: "arn:aws:iam::123456789012:user/Bob",
            contextEntries: [
                ContextEntry(name: "aws:RequestedRegion", values: ["us-east-1"], type: .string),
                ContextEntry(name: "aws:SourceIp", values: ["10.0.0.1", "10.0.0.2"], type: .ipList),
            ],
            resourceHandlingOption: "EC2-VPC-EBS", maxItems: 50))

    @Test func everySimulateParameterIsEncodedAsBotocoreDoes() {
        #expect(Self.fullRequest.parameters(marker: "AAIA/x+y=").formBody == Self.botocoreSimulateBody)
    }

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(QueryParameters.percentEncode("aZ09-_.~") == "aZ09-_.~")
        #expect(QueryParameters.percentEncode(" *:/+=&?%") == "%20%2A%3A%2F%2B%3D%26%3F%25")
        #expect(QueryParameters.percentEncode("é€") == "%C3%A9%E2%82%AC")
    }

    @Test func emptyListsAndEveryContextKeyType() {
        var parameters = QueryParameters(action: "A", version: "1")
        parameters.addList("Empty", [])
        #expect(parameters.formBody == "Action=A&Version=1&Empty=")
        let types = ContextEntry.KeyType.allCases.map(\.rawValue)
        #expect(
            types == [
                "string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList", "binary",
                "binaryList", "date", "dateList",
            ])
    }

    @Test func simulateCustomPolicySendsNoPolicySourceArn() {
        let request = SimulateCustomPolicyRequest(
            options: SimulationOptions(policyInputList: ["{}"], actionNames: ["s3:GetObject"]))
        #expect(
            request.parameters().formBody
                == "Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=%7B%7D"
                + "&ActionNames.member.1=s3%3AGetObject")
    }

    @Test func theRequestIsASignedFormPost() throws {
        let transport = FakeTransport(bodies: [Fixtures.simulatePage(["s3:GetObject"])])
        let results = try Fixtures.iam(transport).simulatePrincipalPolicy(Self.fullRequest)
        #expect(results.map(\.action) == ["s3:GetObject"])
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.host == "iam.amazonaws.com")
        #expect(request.path == "/")
        #expect(request.headerValue(named: "Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.headerValue(named: "X-Amz-Date") == "20150830T123600Z")
        let authorization = try #require(request.headerValue(named: "Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request"))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date"))
        // No Marker on the first page.
        let expected = Self.botocoreSimulateBody.replacingOccurrences(of: "&Marker=AAIA%2Fx%2By%3D", with: "")
        #expect(transport.bodies == [expected])
    }

    @Test func pagesFollowTheMarkerUntilNotTruncated() throws {
        let transport = FakeTransport(bodies: [
            Fixtures.simulatePage(["s3:GetObject", "s3:PutObject"], marker: "page/2+"),
            Fixtures.simulatePage(["s3:DeleteObject"], marker: "page3"),
            Fixtures.simulatePage(["s3:ListBucket"]),
        ])
        let request = SimulatePrincipalPolicyRequest(
            policySourceArn: "arn:aws:iam::1:role/R", options: SimulationOptions(actionNames: ["s3:*"]))
        let results = try Fixtures.iam(transport).simulatePrincipalPolicy(request)
        #expect(results.map(\.action) == ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"])
        let markers = transport.bodies.map { $0.components(separatedBy: "&Marker=").dropFirst().first }
        #expect(markers == [nil, "page%2F2%2B", "page3"])
    }

    @Test func aTruncatedPageWithoutMarkerIsAnError() {
        let page = Fixtures.simulatePage(["a:B"], marker: "x").replacingOccurrences(
            of: "<Marker>x</Marker>", with: "")
        let transport = FakeTransport(bodies: [page])
        let request = SimulatePrincipalPolicyRequest(
            policySourceArn: "arn:aws:iam::1:role/R", options: SimulationOptions(actionNames: ["a:B"]))
        #expect {
            try Fixtures.iam(transport).simulatePrincipalPolicy(request)
        } throws: { error in
            "\(error)" == "the SimulatePrincipalPolicy response from iam.amazonaws.com could not be read: "
                + "IsTruncated is true but no Marker was given"
        }
    }

    @Test func authorizationDetailsFilterAndPaging() throws {
        let transport = FakeTransport(bodies: [
            AWSSamples.getAccountAuthorizationDetailsResponse,
            """
            <GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult>\
            <IsTruncated>false</IsTruncated><RoleDetailList><member><RoleName>Second</RoleName></member>\
            </RoleDetailList></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>
            """,
        ])
        let details = try Fixtures.iam(transport).getAccountAuthorizationDetails(
            filter: ["Role", "LocalManagedPolicy"], maxItems: 100)
        #expect(details.roleDetailList.map(\.roleName) == ["EC2InstanceProfileForImageBuilder", "Second"])
        #expect(details.userDetailList.count == 1)
        let marker = QueryParameters.percentEncode(
            "EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl/"
                + "eeaCX3Jo94/bKqezEAg8TEVS99EKFLxm3jtbpl25FDWEXAMPLE")
        let first =
            "Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=Role"
            + "&Filter.member.2=LocalManagedPolicy&MaxItems=100"
        #expect(transport.bodies == [first, first + "&Marker=\(marker)"])
    }

    @Test func aResponseForAnotherOperationIsRejected() {
        let transport = FakeTransport(bodies: ["<GetUserResponse><GetUserResult/></GetUserResponse>"])
        #expect {
            try Fixtures.iam(transport).getAccountAuthorizationDetails()
        } throws: { error in
            "\(error)".contains("expected <GetAccountAuthorizationDetailsResponse> but the root is <GetUserResponse>")
        }
    }

    @Test func getCallerIdentityIsSignedForSTS() throws {
        let transport = FakeTransport(bodies: [
            """
            <GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/u</Arn>\
            <UserId>AIDA</UserId><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>
            """
        ])
        let endpoint = try #require(URL(string: "https://sts.eu-west-1.amazonaws.com/"))
        let identity = try Fixtures.sts(transport, endpoint: endpoint).getCallerIdentity()
        #expect(identity == CallerIdentity(account: "1", arn: "arn:aws:iam::1:user/u", userId: "AIDA"))
        #expect(transport.bodies == ["Action=GetCallerIdentity&Version=2011-06-15"])
        let authorization = try #require(transport.requests.first?.headerValue(named: "Authorization"))
        #expect(authorization.contains("/20150830/us-east-1/sts/aws4_request"))
        #expect(transport.requests.first?.host == "sts.eu-west-1.amazonaws.com")
    }
}
