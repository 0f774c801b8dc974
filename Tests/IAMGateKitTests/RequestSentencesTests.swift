import Catalog
import IAMPolicy
import Testing

@testable import Reports

/// The catalog keeps why a request is made, the situation a situational request is made in and why a request is not
/// made as data (`RequestReason`, `Situation`, `NotNeededReason`); these are the sentences `ReportSentences` says for
/// them, word for word as `RequestBuilder` wrote them when it stored sentences.
@Suite("the catalog's request reasons, situations and not-needed reasons, rendered")
struct RequestSentencesTests {
    @Test("each reason names the call, the handler and what in the statement the resource came from")
    func requestReasons() {
        let cases: [(RequestReason, String)] = [
            (
                .cloudControlCall(sqlVerb: "INSERT", table: "awscc.imagebuilder.images", operation: "CreateResource"),
                "StackQL runs INSERT on awscc.imagebuilder.images as Cloud Control CreateResource"
            ),
            (.followUp(operation: "DeleteResource"), "following the DeleteResource request to completion"),
            (.handlerPermission(handler: "create", source: nil), "create handler permission"),
            (
                .handlerPermission(handler: "create", source: .executionRole(path: nil)),
                "create handler permission; ExecutionRole from the statement"
            ),
            (
                .handlerPermission(handler: "create", source: .executionRole(path: .given)),
                "create handler permission; ExecutionRole from the statement (a role name with its path)"
            ),
            (
                .handlerPermission(handler: "update", source: .executionRole(path: .fromAuthorizationDetails)),
                "update handler permission; ExecutionRole from the statement (a role name; its path from the "
                    + "authorization details)"
            ),
            (
                .handlerPermission(handler: "create", source: .executionRole(path: .unknown)),
                "create handler permission; ExecutionRole from the statement (a role name: its path is unknown)"
            ),
            (
                .handlerPermission(handler: "create", source: .instanceProfileRole),
                "create handler permission; the role in the instance profile (InstanceProfileName), which the "
                    + "statement cannot name"
            ),
            (
                .handlerPermission(handler: "create", source: .statementValue("Workflows[].WorkflowArn")),
                "create handler permission; Workflows[].WorkflowArn from the statement"
            ),
            (.containerRecipeInStatement, "ContainerRecipeArn in the statement (CreateImage reads the recipe)"),
            (.passesRoleArn, "the statement passes RoleArn to Cloud Control"),
            (.assumingRole, "assuming the role"),
            (.passingRole(to: "ec2.amazonaws.com"), "passing the role to ec2.amazonaws.com"),
            (.startingImageBuild, "starting an image build"),
        ]
        for (reason, sentence) in cases {
            #expect(ReportSentences.requestReason(reason) == sentence)
        }
    }

    @Test("each situation says when the request is made")
    func situations() {
        let cases: [(Situation, String)] = [
            (
                .undocumentedRole,
                "listed by the resource's handler, but the resource names no role, so whether and on which role it "
                    + "is called is not documented"
            ),
            (
                .serviceLinkedRoleMissing(role: "AWSServiceRoleForImageBuilder"),
                "needed only while the service-linked role AWSServiceRoleForImageBuilder does not exist yet"
            ),
            (.untagsOnRollback, "the create handler untags only when rolling back"),
            (.patchRemovesTags, "needed only if the patch removes tags"),
            (.patchDropsTags, "needed only if the image has tags the patch drops"),
        ]
        for (situation, sentence) in cases {
            #expect(ReportSentences.situation(situation) == sentence)
        }
    }

    @Test("each not-needed reason says what the statement lacks, or whose credentials make the request")
    func notNeededReasons() {
        let cases: [(NotNeededReason, String)] = [
            (.noAwait, "the statement does not wait for the request to finish (no /*+ AWAIT */ hint)"),
            (.statementSetsNo("ECR scanning configuration"), "the statement sets no ECR scanning configuration"),
            (.patchAddsNoTags, "the patch adds no tags"),
            (.patchRemovesNoTags, "the patch removes no tags"),
            (
                .madeWithRole(PartialValue(template: "arn:aws:iam::111122223333:role/${Name}")),
                "made with the credentials of RoleArn arn:aws:iam::111122223333:role/${Name}, not the principal's"
            ),
        ]
        for (reason, sentence) in cases {
            #expect(ReportSentences.notNeeded(reason) == sentence)
        }
    }
}
