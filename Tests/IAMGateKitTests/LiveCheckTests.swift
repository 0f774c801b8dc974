import AWSCore
import AWSServices
import AWSTestSupport
import Catalog
import IAMPolicy
import Testing

@testable import IAMGateKit

/// The live modes' logic that needs no server: batching requests into `SimulatePrincipalPolicy` calls, reading AWS's
/// two result layouts, typing context entries, the verdicts AWS's answers support, and API authorization details as
/// loader records.
@Suite("Live check logic")
struct LiveCheckTests {
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"
    static let principal = Principal.parse("arn:aws:iam::111122223333:role/ci")

    static func entry(_ name: String, _ value: String, _ type: ContextEntry.KeyType = .string) -> ContextEntry {
        ContextEntry(name: name, values: [value], type: type)
    }

    // MARK: Batching

    /// botocore model, SimulatePrincipalPolicy `ResourceArns`: "Each API in the ActionNames parameter is evaluated
    /// for each resource in this list" — so requests sharing a context are one call, and a repeated request is asked
    /// once.
    @Test func requestsWithTheSameContextShareOneCall() {
        let via = [Self.entry("aws:ViaAWSService", "true", .boolean)]
        let requests = [
            SimulatedRequest(action: "cloudformation:GetResource", resource: "*", context: []),
            SimulatedRequest(action: "imagebuilder:GetImage", resource: Self.image, context: via),
            SimulatedRequest(action: "cloudformation:ListResources", resource: "*", context: []),
            SimulatedRequest(action: "imagebuilder:GetImage", resource: Self.image, context: via),
            SimulatedRequest(action: "imagebuilder:DeleteImage", resource: Self.image, context: via),
        ]
        let batches = LiveSimulator.batches(for: requests)
        #expect(batches.count == 2)
        #expect(batches[0].actions == ["cloudformation:GetResource", "cloudformation:ListResources"])
        #expect(batches[0].resources == ["*"])
        #expect(batches[1].actions == ["imagebuilder:GetImage", "imagebuilder:DeleteImage"])
        #expect(batches[1].resources == [Self.image])
        #expect(batches[1].context == via)
    }

    // MARK: Reading results

    static func results(_ members: String) throws -> [SimulationResult] {
        let root = try XMLReader.parse(Array("<EvaluationResults>\(members)</EvaluationResults>".utf8))
        return root.children("member").map(SimulationResult.init(xml:))
    }

    /// aws-wire-formats.md §1 (and AWS's sample): one `EvaluationResult` per action with a `ResourceSpecificResults`
    /// member per resource; the pair's decision is the resource-specific one.
    @Test func resourceSpecificResultsDecideThePair() throws {
        let results = try Self.results(
            """
            <member><EvalActionName>imagebuilder:GetImage</EvalActionName><EvalResourceName>*</EvalResourceName>
            <EvalDecision>implicitDeny</EvalDecision>
            <ResourceSpecificResults>
              <member><EvalResourceName>\(Self.image)</EvalResourceName><EvalResourceDecision>allowed</EvalResourceDecision>
              <MatchedStatements><member><SourcePolicyId>Read</SourcePolicyId><SourcePolicyType>role</SourcePolicyType>
              <StartPosition><Line>3</Line><Column>5</Column></StartPosition></member></MatchedStatements>
              </member>
            </ResourceSpecificResults></member>
            """)
        let asked = SimulatedRequest(action: "ImageBuilder:GetImage", resource: Self.image, context: [])
        let decision = try #require(LiveSimulator.decision(for: asked, in: results, singleResource: false))
        #expect(decision.decision == .allowed)
        #expect(decision.explanation == "AWS allows it (matched: role Read line 3:5)")
        let other = SimulatedRequest(action: "imagebuilder:GetImage", resource: "arn:other", context: [])
        #expect(LiveSimulator.decision(for: other, in: results, singleResource: false) == nil)
    }

    /// The other layout: one `EvaluationResult` per action and resource, naming the resource in `EvalResourceName`;
    /// with one resource asked, the action's only result is the pair's.
    @Test func perPairResultsAreMatchedByResource() throws {
        let results = try Self.results(
            """
            <member><EvalActionName>imagebuilder:DeleteImage</EvalActionName><EvalResourceName>arn:a</EvalResourceName>
            <EvalDecision>allowed</EvalDecision></member>
            <member><EvalActionName>imagebuilder:DeleteImage</EvalActionName><EvalResourceName>arn:b</EvalResourceName>
            <EvalDecision>explicitDeny</EvalDecision>
            <MissingContextValues><member>aws:SourceIp</member></MissingContextValues></member>
            """)
        let second = SimulatedRequest(action: "imagebuilder:DeleteImage", resource: "arn:b", context: [])
        let decision = try #require(LiveSimulator.decision(for: second, in: results, singleResource: false))
        #expect(decision.decision == .explicitDeny)
        #expect(decision.missingContextValues == ["aws:SourceIp"])
        let single = try Self.results(
            """
            <member><EvalActionName>imagebuilder:ListImages</EvalActionName><EvalResourceName>*</EvalResourceName>
            <EvalDecision>maybe</EvalDecision></member>
            """)
        let asked = SimulatedRequest(action: "imagebuilder:ListImages", resource: "arn:x", context: [])
        let open = try #require(LiveSimulator.decision(for: asked, in: single, singleResource: true))
        // aws-wire-formats.md: open enums stay strings; an unknown decision is never read as an allow.
        #expect(open.decision == nil)
        #expect(open.rawDecision == "maybe")
    }

    /// ContextKeyType comes from the service reference's condition-key types (reference_policies_condition-keys:
    /// aws:ViaAWSService is Boolean, aws:TagKeys ArrayOfString, aws:SourceIp IPAddress).
    @Test func contextEntriesAreTypedFromTheServiceReference() {
        let entries = LiveSimulator.contextEntries([
            "aws:ViaAWSService": ContextValue("true"),
            "aws:TagKeys": ContextValue(set: ["team"]),
            "aws:SourceIp": ContextValue("203.0.113.7"),
            "aws:RequestedRegion": ContextValue("us-east-1"),
            "custom:Unknown": ContextValue(set: ["a", "b"]),
        ])
        #expect(
            entries.map(\.name) == [
                "aws:RequestedRegion", "aws:SourceIp", "aws:TagKeys", "aws:ViaAWSService", "custom:Unknown",
            ])
        #expect(entries.map(\.type) == [.string, .ip, .stringList, .boolean, .stringList])
    }

    /// A partly known ARN is sent with `*` for each unknown part.
    @Test func unknownPartsAreSentAsStars() {
        let template = PartialValue(parts: [
            .literal("arn:aws:imagebuilder:us-east-1:111122223333:image/"), .unknown("ImageName"),
            .literal("/1.0.0/"), .unknown("BuildVersion"),
        ])
        #expect(
            LiveSimulator.simulatedResource(template) == "arn:aws:imagebuilder:us-east-1:111122223333:image/*/1.0.0/*")
    }

    // MARK: Verdicts

    static func live(_ decision: String, resource: String = image, missing: [String] = []) -> LiveDecision {
        LiveDecision(
            rawDecision: decision, decision: EvalDecision(rawValue: decision), matchedStatements: [],
            missingContextValues: missing, allowedByOrganizations: nil, allowedByPermissionsBoundary: nil,
            decisionDetails: [:],
            simulated: SimulatedRequest(action: "imagebuilder:GetImage", resource: resource, context: []))
    }

    static func request(
        _ resource: PartialValue = PartialValue(template: image), necessity: Necessity = .required,
        knownAbsent: [String] = []
    ) -> RequiredRequest {
        RequiredRequest(
            action: "imagebuilder:GetImage", resource: resource, knownAbsentKeys: knownAbsent, role: .handler,
            necessity: necessity, reason: .handlerPermission(handler: "get", source: nil))
    }

    static func verdict(_ request: RequiredRequest, _ live: LiveDecision, strict: Bool = false) throws -> (
        verdict: Verdict, evidence: VerdictEvidence, sentence: String
    ) {
        let (verdict, evidence) = Verdicts.live(request, live, principal: try principal.get(), strict: strict)
        let outcome = RequestOutcome(
            request: request, authorization: nil, decision: nil, verdict: verdict, evidence: evidence, live: live)
        return (verdict, evidence, ReportSentences.outcome(outcome))
    }

    /// AWS's answer on a concrete ARN is the verdict: allowed → allowed, either deny → denied.
    @Test func aConcreteAnswerIsTheVerdict() throws {
        #expect(try Self.verdict(Self.request(), Self.live("allowed")).verdict == .allowed)
        #expect(try Self.verdict(Self.request(), Self.live("implicitDeny")).verdict == .denied)
        #expect(try Self.verdict(Self.request(), Self.live("explicitDeny")).verdict == .denied)
        #expect(try Self.verdict(Self.request(), Self.live("somethingNew")).verdict == .undetermined)
    }

    /// reference_policies_elements_resource.md: wildcards belong to the policy's Resource; the simulator matches
    /// them against the request's ARN as text, so `image/*` sent for an unknown image tests only that text. Fail
    /// closed: neither an allow nor a deny there is the verdict.
    @Test func aPartlyKnownResourceIsUndetermined() throws {
        let template = PartialValue(parts: [
            .literal("arn:aws:imagebuilder:us-east-1:111122223333:image/"), .unknown("ImageName"),
        ])
        let starred = "arn:aws:imagebuilder:us-east-1:111122223333:image/*"
        for answer in ["allowed", "implicitDeny", "explicitDeny"] {
            let result = try Self.verdict(Self.request(template), Self.live(answer, resource: starred))
            #expect(result.verdict == .undetermined)
            #expect(result.evidence == .answeredForLiteralText)
            #expect(result.sentence.contains("for that text only, the resource being partly known"))
        }
    }

    /// Simulator `MissingContextValues` are keys it treated as absent (reference_policies_elements_condition: a
    /// missing key fails a condition); an allow resting on them is undetermined unless the user chose --strict, and
    /// keys the request builder knows are absent (request tags the statement does not set) do not count.
    @Test func anAllowWithMissingKeysIsUndetermined() throws {
        let missing = Self.live("allowed", missing: ["aws:SourceIp"])
        let result = try Self.verdict(Self.request(), missing)
        #expect(result.verdict == .undetermined)
        #expect(result.evidence == .allowedWhileAbsent(["aws:SourceIp"]))
        #expect(result.sentence.contains("aws:SourceIp is absent"))
        #expect(try Self.verdict(Self.request(), missing, strict: true).verdict == .allowed)
        let tagsOnly = Self.live("allowed", missing: ["aws:RequestTag/team"])
        #expect(try Self.verdict(Self.request(knownAbsent: ["aws:requesttag/*"]), tagsOnly).verdict == .allowed)
    }

    /// A situational request (iam:CreateServiceLinkedRole, only when the role does not exist yet) denied is
    /// undetermined, as in the offline check.
    @Test func aSituationalDenyIsUndetermined() throws {
        let request = Self.request(
            necessity: .situational(.serviceLinkedRoleMissing(role: "AWSServiceRoleForImageBuilder")))
        #expect(try Self.verdict(request, Self.live("implicitDeny")).verdict == .undetermined)
    }

    // MARK: Authorization details from the API

    /// GetAccountAuthorizationDetails (API): URL-encoded documents, default versions and boundaries resolve as the
    /// file loader resolves them.
    @Test func apiDetailsResolveThroughTheLoader() throws {
        let root = try XMLReader.parse(Array(AWSSamples.getAccountAuthorizationDetailsResponse.utf8))
        var details = AccountAuthorizationDetails()
        details.append(page: try #require(root.child("GetAccountAuthorizationDetailsResult")))
        let records = AuthorizationDetailsRecords(details)
        #expect(records.users.map(\.name) == ["builder"])
        #expect(records.roles.map(\.name) == ["EC2InstanceProfileForImageBuilder"])
        let principal = "arn:aws:iam::123456789012:user/builder"
        let source = "GetAccountAuthorizationDetails"
        // The sample's user has a boundary the sample does not include: reported, never dropped.
        do {
            _ = try AuthorizationDetailsLoader.resolve(records, principal: principal, source: source)
            Issue.record("a missing boundary policy must be an error")
        } catch {
            #expect(error.message.contains("arn:aws:iam::123456789012:policy/DevBoundary"))
        }
        var complete = records
        let boundary = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        complete.policies.append(
            AuthorizationDetailsRecords.ManagedPolicy(
                name: "DevBoundary", arn: "arn:aws:iam::123456789012:policy/DevBoundary", defaultVersionID: "v1",
                versions: [.init(versionID: "v1", isDefault: true, document: .text(boundary))]))
        let resolved = try AuthorizationDetailsLoader.resolve(complete, principal: principal, source: source)
        #expect(resolved.tags == ["team": "platform"])
        #expect(resolved.groups == ["Builders"])
        #expect(resolved.permissionsBoundary != nil)
        #expect(
            resolved.policyLines.prefix(2) == [
                .inlinePolicy(name: "inline-s3", holder: .user),
                .managedPolicy(
                    arn: "arn:aws:iam::123456789012:policy/ImageBuilderPipelineAccess", version: "v2", group: nil),
            ])
    }
}
