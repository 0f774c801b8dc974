import Catalog
import IAMPolicy
import JSON
import Testing

@testable import Reports

/// `iamgate policy`'s output from a policy built by hand: the document (one condition block per operator, a single
/// value as a string unless the key is multivalued) and the text commentary (covered requests, left-out requests,
/// advice).
@Suite("Least-privilege policy rendering")
struct LeastPrivilegeRenderingTests {
    typealias Policy = LeastPrivilegePolicy

    static func covered(
        _ action: String, on resource: String, _ necessity: Necessity = .required,
        reason: RequestReason = .handlerPermission(handler: "create", source: nil)
    ) -> Policy.CoveredRequest {
        Policy.CoveredRequest(
            operation: "create_resource",
            statement: StatementOrigin(
                source: "deploy.iql", location: SourceLocation(line: 3, column: 1), text: "INSERT"),
            request: RequiredRequest(
                action: action, resource: PartialValue(template: resource), role: .handler, necessity: necessity,
                reason: reason))
    }

    static let policy = Policy(
        resource: "awscc.imagebuilder.images",
        statements: [
            Policy.Statement(
                sid: "IAMRolePassedToImageBuilder", actions: ["iam:PassRole"], resources: ["arn:aws:iam::*:role/*"],
                conditions: [
                    Policy.Condition(
                        conditionOperator: "StringEquals", key: "iam:PassedToService",
                        values: ["imagebuilder.amazonaws.com"], isSet: false),
                    Policy.Condition(
                        conditionOperator: "StringEquals", key: "aws:RequestTag/team", values: ["a", "b"], isSet: false),
                    Policy.Condition(
                        conditionOperator: "ForAllValues:StringEquals", key: "aws:TagKeys", values: ["team"],
                        isSet: true),
                ],
                covers: [
                    covered("iam:PassRole", on: "arn:aws:iam::111122223333:role/x", .situational(.patchRemovesTags))
                ])
        ],
        skipped: [covered("iam:CreateServiceLinkedRole", on: "*", .notNeeded(.statementSetsNo("ExecutionRole")))])

    @Test("the document: one block per operator, a single value as a string, a set key as an array")
    func document() {
        #expect(
            Self.policy.document == """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "IAMRolePassedToImageBuilder",
                      "Effect": "Allow",
                      "Action": "iam:PassRole",
                      "Resource": "arn:aws:iam::*:role/*",
                      "Condition": {
                        "StringEquals": {
                          "iam:PassedToService": "imagebuilder.amazonaws.com",
                          "aws:RequestTag/team": [
                            "a",
                            "b"
                          ]
                        },
                        "ForAllValues:StringEquals": {
                          "aws:TagKeys": [
                            "team"
                          ]
                        }
                      }
                    }
                  ]
                }

                """)
    }

    @Test("the text: what each statement covers and why, what was left out, and what to narrow")
    func text() {
        let text = Self.policy.text
        #expect(text.hasPrefix(Self.policy.document))
        #expect(
            text.hasSuffix(
                """

                What each statement allows, and for which request:
                  IAMRolePassedToImageBuilder
                    - create_resource (deploy.iql:3): iam:PassRole on arn:aws:iam::111122223333:role/x (create handler permission; needed only if the patch removes tags)

                Left out (not made for these statements):
                  - create_resource (deploy.iql:3): iam:CreateServiceLinkedRole — the statement sets no ExecutionRole

                Before use:
                  - IAMRolePassedToImageBuilder lets the principal pass any role matching 'arn:aws:iam::*:role/*': narrow it to the real execution role
                  - the account is '*': give --account to narrow it

                """))
    }
}
