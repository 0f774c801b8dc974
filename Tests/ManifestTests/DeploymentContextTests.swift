import DeploymentFacts
import Testing

@testable import Manifest

/// How a stackql-deploy run resolves its values (config.rs/config.py `render_globals`, `render_properties`,
/// `get_full_context`; manifest_fields/name.mdx for the built-ins): external values, `stack_name`, `stack_env`,
/// globals in order, then per resource `resource_name`, earlier resources' exports and its props in order.
@Suite("DeploymentContext")
struct DeploymentContextTests {
    static let yaml = """
        name: web
        providers: [awscc]
        globals:
          - name: region
            value: '{{ AWS_REGION }}'
          - name: prefix
            value: 'arn:aws:imagebuilder:{{ region }}:111122223333'
          - name: tag
            value: '{{ stack_name }}-{{ stack_env }}-{{ resource_name }}'
        resources:
          - name: network
            exports: [vpc_id]
          - name: image
            props:
              - name: recipe
                value: '{{ prefix }}:image-recipe/{{ stack_name }}/1.0.0'
              - name: dist
                values:
                  prd: {value: 'prd-dist'}
                  dev: {value: 'dev-dist'}
              - name: base
                value: {team: web}
              - name: tags
                value: {env: '{{ stack_env }}'}
                merge: [base]
              - name: vpc
                value: '{{ vpc_id }}'
              - name: recipe_again
                value: '{{ recipe }}'
        """

    static func image(_ inputs: DeploymentInputs) throws -> ResourceValues {
        let project = try ManifestProject.parse(yaml: yaml, directory: "stack")
        var context = try DeploymentContext(project: project, inputs: inputs)
        return try context.values(for: project.resources[1], exportedBefore: [("network", ["vpc_id"])])
    }

    @Test("globals use external values and earlier globals; props use globals, earlier props and the environment")
    func resolvedInOrder() throws {
        let values = try Self.image(DeploymentInputs(environment: "dev", externals: ["AWS_REGION": "us-east-1"]))
        let props = Dictionary(uniqueKeysWithValues: values.props.map { ($0.key, $0.value) })
        #expect(props["recipe"] == .string("arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0"))
        #expect(props["recipe_again"] == props["recipe"])
        #expect(props["dist"] == .string("dev-dist"))
        #expect(
            props["tags"]
                == .object([
                    DeployMember(key: "env", value: .string("dev")), DeployMember(key: "team", value: .string("web")),
                ]))
        // A global that names resource_name is resolved for each resource (stackql-deploy re-renders it).
        #expect(values.values["tag"] == .string("web-dev-image"))
        #expect(values.values["stack_name"] == .string("web") && values.values["resource_name"] == .string("image"))
    }

    @Test("what is not known before the run stays unknown, each with why")
    func unknowns() throws {
        let project = try ManifestProject.parse(yaml: Self.yaml, directory: "stack")
        var context = try DeploymentContext(project: project, inputs: DeploymentInputs())
        let values = try context.values(for: project.resources[1], exportedBefore: [("network", ["vpc_id"])])
        let props = Dictionary(uniqueKeysWithValues: values.props.map { ($0.key, $0.value) })
        #expect(props["vpc"] == .unknown("vpc_id"))
        #expect(props["dist"] == .unknown("dist"))
        #expect(
            props["recipe"]
                == .text([
                    .literal("arn:aws:imagebuilder:"), .unknown("AWS_REGION"),
                    .literal(":111122223333:image-recipe/web/1.0.0"),
                ]))
        #expect(context.unknowns["vpc_id"] == .exportedBy(resource: "network"))
        #expect(context.unknowns["dist"] == .dependsOnEnvironment)
        #expect(context.unknowns["stack_env"] == .environment)
        #expect(context.unknowns["AWS_REGION"] == .noValue)
    }

    @Test("an environment a prop has no value for is an error at the prop's line")
    func missingEnvironment() {
        do {
            _ = try Self.image(DeploymentInputs(environment: "qa"))
            Issue.record("a prop without a value for the environment was resolved")
        } catch let error as ManifestError {
            #expect(
                error.description
                    == "manifest 'stack/stackql_manifest.yml' line 17: resources[1].props[1] 'dist': no value for "
                    + "environment 'qa' (it has values for prd, dev)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("an empty global and a merge of something unknown to the stack are errors at their lines")
    func errors() throws {
        let empty = try ManifestProject.parse(
            yaml: "name: s\nproviders: [awscc]\nglobals:\n  - name: g\n    value: ''\n", directory: "stack")
        #expect(throws: ManifestError.self) { try DeploymentContext(project: empty, inputs: DeploymentInputs()) }
        let merge = try ManifestProject.parse(
            yaml:
                "name: s\nproviders: [awscc]\nresources:\n  - name: r\n    props:\n      - name: p\n        value: [1]\n        merge: [nope]\n",
            directory: "stack")
        var context = try DeploymentContext(project: merge, inputs: DeploymentInputs())
        do {
            _ = try context.values(for: merge.resources[0], exportedBefore: [])
            Issue.record("a merge of an unknown name was resolved")
        } catch let error {
            #expect(
                error.description
                    == "manifest 'stack/stackql_manifest.yml' line 6: resources[0].props[0] 'p': merge item 'nope' is "
                    + "neither a global nor an earlier prop")
        }
    }
}
