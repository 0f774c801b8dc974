import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

@Suite("Parsing the AWS sample responses")
struct SampleParsingTests {
    @Test func copiesMatchTheOriginals() throws {
        let pairs = [
            ("simulate_principal_policy_response.xml", AWSSamples.simulatePrincipalPolicyResponse),
            ("get_account_authorization_details_response.xml", AWSSamples.getAccountAuthorizationDetailsResponse),
            ("iam_error_response.xml", AWSSamples.iamErrorResponse),
        ]
        for (name, copy) in pairs {
            let url = AWSSamples.directory.appendingPathComponent(name)
            try #require(
                FileManager.default.fileExists(atPath: url.path), "the sample is missing: expected \(url.path)")
            let original = try String(contentsOf: url, encoding: .utf8)
            #expect(original.trimmingCharacters(in: .newlines) == copy, "\(name)")
        }
    }

    @Test func simulatePrincipalPolicySample() throws {
        let transport = FakeTransport([
            Fixtures.ok(AWSSamples.simulatePrincipalPolicyResponse), Fixtures.ok(Fixtures.simulatePage([])),
        ])
        let request = SimulatePrincipalPolicyRequest(
            policySourceArn: "arn:aws:iam::123456789012:role/R", options: SimulationOptions(actionNames: ["a:B"]))
        let results = try Fixtures.iam(transport).simulatePrincipalPolicy(request)
        #expect(transport.requests.count == 2)
        #expect(transport.bodies.last?.hasSuffix("&Marker=AAIAAYXqUa0EXAMPLEmarker") == true)
        try #require(results.count == 3)

        let create = results[0]
        #expect(create.action == "imagebuilder:CreateImage")
        #expect(create.resource == "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0")
        #expect(create.decision == "allowed")
        #expect(create.isAllowed)
        #expect(
            create.matchedStatements == [
                MatchedStatement(
                    sourcePolicyId: "ImageBuilderPipelineAccess", sourcePolicyType: "user-managed",
                    startPosition: PolicyPosition(line: 3, column: 17), endPosition: PolicyPosition(line: 12, column: 6)
                )
            ])
        #expect(create.missingContextValues.isEmpty)
        #expect(create.allowedByPermissionsBoundary == true)
        #expect(create.allowedByOrganizations == nil)
        #expect(create.decisionDetails.isEmpty)
        try #require(create.resourceSpecificResults.count == 1)
        let specific = create.resourceSpecificResults[0]
        #expect(specific.resource == "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0")
        #expect(specific.decision == "allowed")
        #expect(specific.matchedStatements.first?.startPosition == PolicyPosition(line: 3, column: 17))
        #expect(specific.allowedByPermissionsBoundary == true)

        let passRole = results[1]
        #expect(passRole.decision == "explicitDeny")
        #expect(!passRole.isAllowed)
        #expect(passRole.matchedStatements.first?.sourcePolicyType == "role")
        #expect(passRole.matchedStatements.first?.endPosition == PolicyPosition(line: 1, column: 210))
        #expect(passRole.missingContextValues == ["aws:RequestedRegion", "iam:PassedToService"])
        #expect(passRole.allowedByOrganizations == true)
        #expect(passRole.decisionDetails == ["IAM Policy": "explicitDeny", "Permissions Boundary Policy": "allowed"])
        #expect(passRole.resourceSpecificResults.isEmpty)

        #expect(results[2].decision == "implicitDeny")
        #expect(results[2].resource == "*")
        #expect(results[2].matchedStatements.isEmpty)
    }

    @Test func unknownDecisionsAreKeptAsText() throws {
        let page = Fixtures.simulatePage(["a:B"], operation: "SimulateCustomPolicy").replacingOccurrences(
            of: "<EvalDecision>allowed", with: "<EvalDecision>somethingNew")
        let transport = FakeTransport(bodies: [page])
        let request = SimulateCustomPolicyRequest(
            options: SimulationOptions(policyInputList: ["{}"], actionNames: ["a:B"]))
        let results = try Fixtures.iam(transport).simulateCustomPolicy(request)
        #expect(results.map(\.decision) == ["somethingNew"])
    }

    @Test func accountAuthorizationDetailsSample() throws {
        let root = try XMLReader.parse(Array(AWSSamples.getAccountAuthorizationDetailsResponse.utf8))
        var details = AccountAuthorizationDetails()
        details.append(page: try #require(root.child("GetAccountAuthorizationDetailsResult")))

        let user = try #require(details.userDetailList.first)
        #expect(user.userName == "builder")
        #expect(user.arn == "arn:aws:iam::123456789012:user/builder")
        #expect(user.createDate == "2024-02-07T17:19:56Z")
        #expect(user.groupList == ["Builders"])
        #expect(user.userPolicyList.first?.policyName == "inline-s3")
        #expect(user.userPolicyList.first?.policyDocument?.hasPrefix("%7B%22Version%22") == true)
        #expect(
            user.userPolicyList.first?.decodedDocument
                == #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","#
                + #""Resource":"arn:aws:s3:::artifacts/*"}]}"#)
        #expect(
            user.attachedManagedPolicies == [
                AttachedPolicy(
                    policyName: "ImageBuilderPipelineAccess",
                    policyArn: "arn:aws:iam::123456789012:policy/ImageBuilderPipelineAccess")
            ])
        #expect(user.permissionsBoundary?.permissionsBoundaryArn == "arn:aws:iam::123456789012:policy/DevBoundary")
        #expect(user.tags == [Tag(key: "team", value: "platform")])

        let group = try #require(details.groupDetailList.first)
        #expect(group.groupName == "Builders")
        #expect(group.groupPolicyList.isEmpty)

        let role = try #require(details.roleDetailList.first)
        #expect(role.roleName == "EC2InstanceProfileForImageBuilder")
        #expect(role.decodedAssumeRolePolicyDocument?.contains(#""Service":"ec2.amazonaws.com""#) == true)
        #expect(role.instanceProfileList.first?.roles.first?.roleId == "AROADBQP57FF2AEXAMPLE")
        #expect(
            role.attachedManagedPolicies.first?.policyArn == "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder"
        )
        #expect(role.roleLastUsed == RoleLastUsed(lastUsedDate: "2024-05-01T09:12:33Z", region: "us-east-1"))
        #expect(role.tags.isEmpty)

        let policy = try #require(details.policies.first)
        #expect(policy.defaultVersionId == "v2")
        #expect(policy.attachmentCount == 1)
        #expect(policy.isAttachable == true)
        #expect(policy.policyVersionList.map(\.versionId) == ["v2", "v1"])
        #expect(policy.policyVersionList.map(\.isDefaultVersion) == [true, false])
        #expect(policy.defaultVersion?.versionId == "v2")
        #expect(policy.defaultVersion?.decodedDocument?.hasPrefix("{\n  \"Version\": \"2012-10-17\",") == true)
        #expect(policy.policyVersionList[1].decodedDocument == #"{"Version":"2012-10-17","Statement":[]}"#)
    }

    @Test func decodedDocumentIsAPlainPercentDecode() {
        #expect(AccountAuthorizationDetails.decodedDocument("%7B%22a%22%3A%22b+c%22%7D") == #"{"a":"b+c"}"#)
        #expect(AccountAuthorizationDetails.decodedDocument(#"{"raw": "100%"}"#) == #"{"raw": "100%"}"#)
        #expect(AccountAuthorizationDetails.decodedDocument("%ZZ") == nil)
    }

    @Test func iamErrorSampleIsOneSentence() {
        let transport = FakeTransport([
            .success(HTTPResponse(status: 404, body: Array(AWSSamples.iamErrorResponse.utf8)))
        ])
        #expect {
            try Fixtures.iam(transport).getAccountAuthorizationDetails()
        } throws: { error in
            "\(error)"
                == "NoSuchEntity: The role with name ImageBuilderRole cannot be found. "
                + "(request 4f2d1c8e-9b3a-4c1d-8e7f-0a1b2c3dEXAMPLE)"
        }
        #expect(transport.requests.count == 1)
    }

    @Test func assumedRoleSessionsMapToTheirRole() {
        #expect(
            STSClient.roleARN(forAssumedRoleSession: "arn:aws:sts::123456789012:assumed-role/Builder/session-1")
                == "arn:aws:iam::123456789012:role/Builder")
        #expect(
            STSClient.roleARN(forAssumedRoleSession: "arn:aws-cn:sts::123456789012:assumed-role/R/s")
                == "arn:aws-cn:iam::123456789012:role/R")
        #expect(STSClient.roleARN(forAssumedRoleSession: "arn:aws:iam::123456789012:user/bob") == nil)
        #expect(STSClient.roleARN(forAssumedRoleSession: "arn:aws:sts::123456789012:federated-user/bob") == nil)
        #expect(STSClient.roleARN(forAssumedRoleSession: "not an arn") == nil)
    }
}
