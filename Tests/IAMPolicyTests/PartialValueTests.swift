import Testing

@testable import IAMPolicy

/// A resource that is only partly known relates to a policy pattern three ways: the pattern names every resource the
/// template stands for, none of them, or some (issue: "allowed when the policies allow every resource the template
/// can name, denied when they allow none, undetermined otherwise"). Matching itself follows
/// `reference_policies_elements_resource.md` (case-sensitive, wildcards within parts, `*` spanning `/`).
@Suite("Partly known resources")
struct PartialValueTests {
    static let image =
        "arn:aws:imagebuilder:us-east-1:111122223333:image/${ImageName}/${ImageVersion}/${ImageBuildVersion}"

    @Test(
        "inclusion and overlap",
        arguments: [
            // pattern, included (every resource), overlaps (some resource)
            ("*", true, true),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/*", true, true),
            ("arn:aws:imagebuilder:*:*:*", true, true),
            ("arn:aws:imagebuilder:us-east-1:111122223333:*", true, true),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/web/*", false, true),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/*/1.0.0/*", false, true),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/?*/*/*", true, true),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/??/*", false, true),
            ("arn:aws:imagebuilder:us-west-2:111122223333:image/*", false, false),
            ("arn:aws:imagebuilder:us-east-1:999988887777:image/*", false, false),
            ("arn:aws:imagebuilder:us-east-1:111122223333:component/*", false, false),
            ("arn:aws:s3:::bucket/*", false, false),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1", false, true),
        ])
    func relation(pattern: String, included: Bool, overlaps: Bool) {
        let template = PartialValue(template: Self.image)
        let compiled = ARNPattern(pattern)
        #expect(template.isIncluded(in: compiled) == included)
        #expect(template.overlaps(compiled) == overlaps)
    }

    /// A role given by name has an unknown path (`/` or `/…/`; role names are unique in an account whatever their
    /// path, `reference_identifiers.md`): `role${RolePath}NAME` is named in full only by a pattern that allows every
    /// path, partly by one that names one path, and not at all by another name.
    @Test(
        "a role name with an unknown path",
        arguments: [
            // pattern, included (every path), overlaps (some path)
            ("arn:aws:iam::111122223333:role/ImageBuilderExec", false, true),
            ("arn:aws:iam::111122223333:role/service-role/ImageBuilderExec", false, true),
            ("arn:aws:iam::111122223333:role/a/b/ImageBuilderExec", false, true),
            ("arn:aws:iam::111122223333:role/*ImageBuilderExec", true, true),
            ("arn:aws:iam::111122223333:role/*", true, true),
            ("arn:aws:iam::111122223333:role*ImageBuilderExec", true, true),
            ("arn:aws:iam::111122223333:role/*/ImageBuilderExec", false, true),
            ("arn:aws:iam::111122223333:role/*?ImageBuilderExec", false, true),
            ("arn:aws:iam::111122223333:role/?*", true, true),
            ("arn:aws:iam::111122223333:role/Other", false, false),
            ("arn:aws:iam::111122223333:role/xImageBuilderExec", false, false),
            ("arn:aws:iam::111122223333:role/service-role/Other", false, false),
            ("arn:aws:iam::444455556666:role/*", false, false),
            ("arn:aws:iam::111122223333:user/ImageBuilderExec", false, false),
        ])
    func rolePath(pattern: String, included: Bool, overlaps: Bool) {
        let template = PartialValue(template: "arn:aws:iam::111122223333:role${RolePath}ImageBuilderExec")
        let compiled = ARNPattern(pattern)
        #expect(template.isIncluded(in: compiled) == included)
        #expect(template.overlaps(compiled) == overlaps)
    }

    @Test("Placeholders are parsed and listed in order")
    func placeholders() {
        let template = PartialValue(template: Self.image)
        #expect(template.unknownNames == ["ImageName", "ImageVersion", "ImageBuildVersion"])
        #expect(!template.isKnown)
        #expect(template.description == Self.image)
        #expect(PartialValue(template: "arn:aws:iam::111122223333:role/ci").isKnown)
    }

    /// One value, two notations: an ARN template writes an unknown part as `${Name}`, a StackQL statement as
    /// `{{ name }}`; the parts are the same.
    @Test("A partly known value is written as an ARN template or as a statement writes it")
    func notations() {
        let value = PartialValue(parts: [.literal("arn:aws:iam::"), .unknown("account"), .literal(":role/x")])
        #expect(value.description == "arn:aws:iam::${account}:role/x")
        #expect(value.sqlText == "arn:aws:iam::{{ account }}:role/x")
        #expect(PartialValue(template: value.description) == value)
        #expect(value.knownText == nil)
        #expect(PartialValue.known("us-east-1").knownText == "us-east-1")
        #expect(PartialValue.unknown("region").sqlText == "{{ region }}")
        #expect(PartialValue.unknown("region").unknownNames == ["region"])
        #expect(PartialValue(template: "").knownText == "")
    }

    /// A pattern holding the private sentinel could fool the inclusion test; it is never taken as including.
    @Test("The sentinel character cannot fake inclusion")
    func sentinelGuard() {
        let template = PartialValue(template: "arn:aws:s3:::${Bucket}")
        #expect(!template.isIncluded(in: ARNPattern("arn:aws:s3:::\u{E003}*")))
        #expect(template.isIncluded(in: ARNPattern("arn:aws:s3:::*")))
    }

    /// Placeholders are ARN components: they hold no `:`, so a region wildcard cannot reach into the resource part
    /// through them, and only `…WithPath` placeholders hold `/`.
    @Test("Placeholders never hold a colon")
    func placeholderCharacters() {
        let image = PartialValue(template: Self.image)
        #expect(!image.overlaps(ARNPattern("arn:aws:imagebuilder:*:111122223333:component/*")))
        #expect(
            !PartialValue(template: "arn:aws:iam::1:role/${RoleName}").overlaps(ARNPattern("arn:aws:iam::1:role/a/b")))
        #expect(
            PartialValue(template: "arn:aws:iam::1:role/${RoleNameWithPath}").overlaps(
                ARNPattern("arn:aws:iam::1:role/a/b")))
    }

    func decide(_ policy: String, resource: String, mode: EvaluationMode = .discovery) throws -> Decision {
        let result = PolicyParser(policyType: .identity).parse(bytes: Array(policy.utf8), source: PolicySource("p"))
        let document = try #require(result.document, "\(result.findings)")
        guard case .success(let principal) = Principal.parse("arn:aws:iam::111122223333:role/ci") else {
            throw PrincipalParseError(text: "")
        }
        let template = PartialValue(template: resource)
        var request = AuthorizationRequest(principal: principal, action: "imagebuilder:GetImage", resource: resource)
        request.resourceTemplate = template.isKnown ? nil : template
        return Evaluator(mode: mode).evaluate(request, policies: PolicySet(identity: [document]))
    }

    @Test("An Allow covering every resource allows; one covering some makes the decision conditional")
    func engineThreeWay() throws {
        let all = try decide(
            #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"imagebuilder:GetImage","Resource":"arn:aws:imagebuilder:*:111122223333:image/*"}}"#,
            resource: Self.image)
        #expect(all.decision == .allowed && all.conditions.isEmpty)

        let some = try decide(
            #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"imagebuilder:GetImage","Resource":"arn:aws:imagebuilder:*:111122223333:image/web/*"}}"#,
            resource: Self.image)
        #expect(some.decision == .allowed)
        #expect(some.conditions.count == 1)
        #expect(some.conditions.first?.conditionOperator == "Resource")
        #expect(some.conditions.first?.requirement == .mustHold)

        let none = try decide(
            #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"imagebuilder:GetImage","Resource":"arn:aws:imagebuilder:*:111122223333:component/*"}}"#,
            resource: Self.image)
        #expect(none.decision == .implicitDeny)
    }

    /// A Deny that may cover some of the resources makes an allowed decision conditional (must not hold); one that
    /// covers all of them denies.
    @Test("Denies on partly known resources")
    func denies() throws {
        let partial = try decide(
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
             {"Effect":"Deny","Action":"imagebuilder:GetImage","Resource":"arn:aws:imagebuilder:*:*:image/golden/*"}]}
            """, resource: Self.image)
        #expect(partial.decision == .allowed)
        #expect(partial.conditions.first?.requirement == .mustNotHold)

        let total = try decide(
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
             {"Effect":"Deny","Action":"imagebuilder:GetImage","Resource":"arn:aws:imagebuilder:*:*:image/*"}]}
            """, resource: Self.image)
        #expect(total.decision == .explicitDeny)
    }

    /// `NotResource` inverts the three ways.
    @Test("NotResource on partly known resources")
    func notResource() throws {
        let excludedAll = try decide(
            #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"imagebuilder:GetImage","NotResource":"arn:aws:imagebuilder:*:*:image/*"}}"#,
            resource: Self.image)
        #expect(excludedAll.decision == .implicitDeny)
        let excludedSome = try decide(
            #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"imagebuilder:GetImage","NotResource":"arn:aws:imagebuilder:*:*:image/golden/*"}}"#,
            resource: Self.image)
        #expect(excludedSome.decision == .allowed && excludedSome.conditions.count == 1)
    }

    /// Discovery mode: a key the request marks as known-absent follows the strict rules
    /// (`reference_policies_variables.md#policy-vars-no-value`: service keys are absent from requests to actions
    /// that do not support them).
    @Test("Known-absent keys are not unknown in discovery mode")
    func knownAbsent() throws {
        let policy = """
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"imagebuilder:GetImage","Resource":"*",
             "Condition":{"StringEqualsIfExists":{"iam:PassedToService":"imagebuilder.amazonaws.com"}}}}
            """
        let result = PolicyParser(policyType: .identity).parse(bytes: Array(policy.utf8), source: PolicySource("p"))
        let document = try #require(result.document)
        let principal = try Principal.parse("arn:aws:iam::111122223333:role/ci").get()
        var request = AuthorizationRequest(principal: principal, action: "imagebuilder:GetImage", resource: "*")
        let unknown = Evaluator(mode: .discovery).evaluate(request, policies: PolicySet(identity: [document]))
        #expect(unknown.conditions.count == 1)
        request.applicableServiceKeys = ["imagebuilder:createdresourcetag/*"]
        let absent = Evaluator(mode: .discovery).evaluate(request, policies: PolicySet(identity: [document]))
        #expect(absent.decision == .allowed && absent.conditions.isEmpty)
        request.applicableServiceKeys = nil
        request.knownAbsentKeys = ["iam:*"]
        #expect(
            Evaluator(mode: .discovery).evaluate(request, policies: PolicySet(identity: [document])).conditions.isEmpty)
    }
}
