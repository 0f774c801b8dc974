/// What a stackql-deploy run is given besides the project: the environment (`STACK_ENV`, iamgate's `--env`) and
/// the external values (`-e KEY=VALUE`).
public struct DeploymentInputs: Sendable, Hashable {
    /// `nil`: not given, so `stack_env` and per-environment values stay unknown.
    public var environment: String?
    /// Name → value; a dotted name (`vars.AWS_REGION`) is matched as written.
    public var externals: [String: String]

    public init(environment: String? = nil, externals: [String: String] = [:]) {
        self.environment = environment
        self.externals = externals
    }
}
