import AWSServices
import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit

/// The organization's policies reach the engine in the shape `--scp` and `--rcp` files give it (DESIGN.md: "one array
/// per organization level, root first, account last; every level must allow"): the same documents as files or as
/// read from Organizations give the same policy set and the same decisions.
@Suite("Organization policies as evaluation levels")
struct OrganizationLevelsTests {
    static let principal = "arn:aws:iam::222222222222:role/ci-deployer"
    static let fullAccess = packageRoot.appendingPathComponent("policies/examples/scp-full-access.json").path
    static let protectImages = packageRoot.appendingPathComponent("policies/examples/scp-protect-images.json").path
    static let identity = packageRoot.appendingPathComponent("policies/examples/ci-deployer.json").path

    static func policy(_ id: String, _ name: String, _ path: String, type: PolicyType) throws
        -> OrganizationPolicies.Policy
    {
        let document = try PolicyLoader.load(path: path, type: type)
        return OrganizationPolicies.Policy(
            summary: OrganizationPolicySummary(id: id, name: name, type: .serviceControlPolicy), document: document)
    }

    /// root: FullAWSAccess; OU: FullAWSAccess + ProtectImages; account: FullAWSAccess — as read, and as the three
    /// `--scp` flags that say the same.
    static func organization(scpStatus: OrganizationRoot.PolicyTypeSummary.Status? = .enabled) throws
        -> OrganizationPolicies
    {
        let full = try policy("p-FullAWSAccess", "FullAWSAccess", fullAccess, type: .scp)
        let protect = try policy("p-protect0001", "ProtectImages", protectImages, type: .scp)
        return OrganizationPolicies(
            account: "222222222222", status: .read, organizationId: "o-exampleorgid",
            managementAccountId: "111111111111", scpStatus: scpStatus, rcpStatus: nil,
            levels: [
                .init(id: "r-ab12", kind: .root, scps: [full]),
                .init(id: "ou-ab12-11111111", kind: .organizationalUnit, scps: [full, protect]),
                .init(id: "222222222222", kind: .account, scps: [full]),
            ])
    }

    /// reference_policies_evaluation-logic.md (SCPs: "If the enforcement code does not find any applicable Allow
    /// statements in the SCPs, the request is explicitly denied"; an explicit deny in any SCP denies): DeleteImage is
    /// denied by the OU's ProtectImages either way, by the same statement at the same level, and GetImage is allowed
    /// either way.
    @Test func theEngineSeesWhatFilesWouldGive() throws {
        var fromFiles = CheckOptions()
        fromFiles.principal = Self.principal
        fromFiles.identityPolicies = [Self.identity]
        fromFiles.scps = [Self.fullAccess, "\(Self.fullAccess),\(Self.protectImages)", Self.fullAccess]
        let files = try PrincipalInputs.load(fromFiles)
        var fromOrganization = fromFiles
        fromOrganization.scps = []
        let organization = try Self.organization()
        let read = try PrincipalInputs.load(fromOrganization, organization: organization)

        #expect(read.policies.scps?.map(\.count) == [1, 2, 1])
        #expect(read.policies.scps?.map(\.count) == files.policies.scps?.map(\.count))
        #expect(read.policies.rcps == nil)
        #expect(read.summary.suffix(3) == organization.summary[...])
        let principal = try #require(try? Principal.parse(Self.principal).get())
        for action in ["imagebuilder:DeleteImage", "imagebuilder:GetImage"] {
            let request = AuthorizationRequest(
                principal: principal, action: action,
                resource: "arn:aws:imagebuilder:us-east-1:222222222222:image/web/1.0.0/1")
            let asFiles = Evaluator(mode: .strict).evaluate(request, policies: files.policies)
            let asRead = Evaluator(mode: .strict).evaluate(request, policies: read.policies)
            #expect(asFiles.decision == asRead.decision, "\(action)")
            #expect(
                asFiles.matchedStatements.map { "\($0.policyType) \($0.level ?? -1) \($0.policyIndex) \($0.sid ?? "")" }
                    == asRead.matchedStatements.map {
                        "\($0.policyType) \($0.level ?? -1) \($0.policyIndex) \($0.sid ?? "")"
                    }, "\(action)")
        }
        let delete = AuthorizationRequest(
            principal: principal, action: "imagebuilder:DeleteImage",
            resource: "arn:aws:imagebuilder:us-east-1:222222222222:image/web/1.0.0/1")
        let decision = Evaluator(mode: .strict).evaluate(delete, policies: read.policies)
        #expect(decision.decision == .explicitDeny)
        #expect(
            decision.matchedStatements.contains {
                $0.policyType == .scp && $0.level == 1 && $0.sid == "ProtectGoldenImages"
            })
    }

    /// The model's `Root.PolicyTypes` ("the types of policies that are currently enabled for the root"): with SCPs not
    /// enabled no SCP applies — the set has no organization levels at all, not levels without an allow (which would
    /// deny everything).
    @Test func aTypeNotEnabledGivesNoLevels() throws {
        let organization = try Self.organization(scpStatus: nil)
        #expect(organization.scpLevels == nil && organization.summary.map(ReportSentences.policyLine).isEmpty)
        var options = CheckOptions()
        options.principal = Self.principal
        options.identityPolicies = [Self.identity]
        let read = try PrincipalInputs.load(options, organization: organization)
        #expect(read.policies.scps == nil)
    }

    /// Only a read chain carries levels: a management account, an account in no organization and an organization
    /// that could not be read give none, and only the last is unknown (fail closed).
    @Test(
        arguments: [
            (OrganizationPolicies.Status.managementAccount, true), (.notInOrganization, true),
            (.notReadable(reason: "organizations ListRoots refused: AccessDeniedException"), false),
        ])
    func onlyAReadChainHasLevels(status: OrganizationPolicies.Status, known: Bool) throws {
        var organization = try Self.organization()
        organization.status = status
        #expect(
            organization.scpLevels == nil && organization.rcpLevels == nil
                && organization.summary.map(ReportSentences.policyLine).isEmpty)
        #expect(organization.isKnown == known && !organization.policiesSeen)
        #expect(
            organization.notes.map(ReportSentences.note).count == 1
                && organization.notes.map(ReportSentences.note)[0].hasPrefix("SCPs and RCPs were not seen: "))
    }
}
