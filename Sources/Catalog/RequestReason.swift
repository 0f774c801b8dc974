import IAMPolicy

/// Why a request is part of an operation, as data: the Cloud Control call StackQL makes, following it, or a handler
/// permission and the statement value it was built from. `ReportSentences.requestReason` says it.
public enum RequestReason: Sendable, Hashable {
    /// StackQL runs `sqlVerb` on `table` as the Cloud Control `operation` (`CreateResource`…).
    case cloudControlCall(sqlVerb: String, table: String, operation: String)
    /// Following the Cloud Control `operation` request to completion.
    case followUp(operation: String)
    /// A permission the resource's `handler` (create, read…) documents, and what in the statement it was built from.
    case handlerPermission(handler: String, source: HandlerSource?)
    /// `ContainerRecipeArn` in the statement: CreateImage reads the recipe, though the handler list omits it.
    case containerRecipeInStatement
    /// `RoleArn` in the statement, which the principal passes to Cloud Control.
    case passesRoleArn
    /// An audit's escalation hop: assuming the role (`sts:AssumeRole`).
    case assumingRole
    /// An audit's escalation hop: passing the role to `service` (`iam:PassRole`).
    case passingRole(to: String)
    /// An audit's escalation hop: one of Image Builder's creates that start a build.
    case startingImageBuild

    /// What in the statement a handler permission's resource was built from.
    public enum HandlerSource: Sendable, Hashable {
        /// `ExecutionRole`: an ARN (`nil`), or a role name whose path was decided as `path` says.
        case executionRole(path: RolePath?)
        /// The role in the instance profile (`InstanceProfileName`), which the statement cannot name.
        case instanceProfileRole
        /// A statement value: a column (`ImageRecipeArn`), `Workflows[].WorkflowArn`, or `ECR repository`.
        case statementValue(String)
    }

    /// How a role name's path was decided (`RequestBuilder.roleTemplate`).
    public enum RolePath: Sendable, Hashable {
        /// The value is a role name with its path (`service-role/NAME`).
        case given
        /// The account's authorization details list the role, and its ARN says the path.
        case fromAuthorizationDetails
        /// A bare name: the path is unknown (`${RolePath}`).
        case unknown
    }
}
