import Catalog

extension ReportSentences {
    /// Why a request is part of its operation: `create handler permission; ImageRecipeArn from the statement`.
    public static func requestReason(_ reason: RequestReason) -> String {
        switch reason {
        case .cloudControlCall(let sqlVerb, let table, let operation):
            return "StackQL runs \(sqlVerb) on \(table) as Cloud Control \(operation)"
        case .followUp(let operation):
            return "following the \(operation) request to completion"
        case .handlerPermission(let handler, let source):
            return "\(handler) handler permission" + (source.map { "; " + handlerSource($0) } ?? "")
        case .containerRecipeInStatement:
            return "ContainerRecipeArn in the statement (CreateImage reads the recipe)"
        case .passesRoleArn:
            return "the statement passes RoleArn to Cloud Control"
        case .assumingRole:
            return "assuming the role"
        case .passingRole(let service):
            return "passing the role to \(service)"
        case .startingImageBuild:
            return "starting an image build"
        }
    }

    /// What in the statement a handler permission's resource was built from.
    static func handlerSource(_ source: RequestReason.HandlerSource) -> String {
        switch source {
        case .executionRole(nil):
            return "ExecutionRole from the statement"
        case .executionRole(.given?):
            return "ExecutionRole from the statement (a role name with its path)"
        case .executionRole(.fromAuthorizationDetails?):
            return "ExecutionRole from the statement (a role name; its path from the authorization details)"
        case .executionRole(.unknown?):
            return "ExecutionRole from the statement (a role name: its path is unknown)"
        case .instanceProfileRole:
            return "the role in the instance profile (InstanceProfileName), which the statement cannot name"
        case .statementValue(let name):
            return "\(name) from the statement"
        }
    }

    /// The situation a situational request is made in:
    /// `needed only while the service-linked role AWSServiceRoleForImageBuilder does not exist yet`.
    public static func situation(_ situation: Situation) -> String {
        switch situation {
        case .undocumentedRole:
            return "listed by the resource's handler, but the resource names no role, so whether and on which role it "
                + "is called is not documented"
        case .serviceLinkedRoleMissing(let role):
            return "needed only while the service-linked role \(role) does not exist yet"
        case .untagsOnRollback:
            return "the create handler untags only when rolling back"
        case .patchRemovesTags:
            return "needed only if the patch removes tags"
        case .patchDropsTags:
            return "needed only if the image has tags the patch drops"
        }
    }

    /// Why the statement does not make a request: `the statement sets no ExecutionRole`.
    public static func notNeeded(_ reason: NotNeededReason) -> String {
        switch reason {
        case .noAwait:
            return "the statement does not wait for the request to finish (no /*+ AWAIT */ hint)"
        case .statementSetsNo(let value):
            return "the statement sets no \(value)"
        case .patchAddsNoTags:
            return "the patch adds no tags"
        case .patchRemovesNoTags:
            return "the patch removes no tags"
        case .madeWithRole(let role):
            return "made with the credentials of RoleArn \(role), not the principal's"
        }
    }
}
