import Testing
import TimingTestSupport

@testable import Manifest

/// Reading `stackql_manifest.yml`: the fields stackql-deploy documents (manifest_fields/*.mdx: name, version,
/// description, providers, globals, resources with name/type/file/props/exports/if…), every error one sentence with
/// the line and the key path.
@Suite("ManifestReader")
struct ManifestReaderTests {
    static func parse(_ yaml: String) throws(ManifestError) -> ManifestProject {
        try ManifestProject.parse(yaml: yaml, directory: "stack")
    }

    static func error(_ yaml: String) -> String? {
        do {
            _ = try parse(yaml)
            return nil
        } catch let error {
            return error.description
        }
    }

    @Test("the seed's manifest reads with its nested values as written")
    func seedManifest() throws {
        let project = try ManifestProject.load(directory: Fixtures.project("seed-image"))
        #expect(project.name == "stack name")
        #expect(project.version == 1)
        #expect(project.providers == ["aws"])
        #expect(project.globals.map(\.name) == ["region"])
        #expect(project.globals.first?.value == .string("{{ vars.AWS_REGION }}"))
        let image = try #require(project.resources.first)
        #expect(image.name == "image" && image.kind == .resource && image.queryFilePath == "resources/image.iql")
        #expect(image.props.count == 10)
        #expect(image.props.last?.value == .mapping([]))
        let scanning = try #require(image.props.first?.value)
        #expect(
            scanning
                == .mapping([
                    ManifestMember(
                        key: "EcrConfiguration",
                        value: .mapping([
                            ManifestMember(key: "ContainerTags", value: .list([.string("{{ ContainerTags[0] }}")])),
                            ManifestMember(key: "RepositoryName", value: .string("{{ RepositoryName }}")),
                        ])),
                    ManifestMember(key: "ImageScanningEnabled", value: .string("{{ ImageScanningEnabled }}")),
                ]))
    }

    @Test("YAML scalars keep their types: plain true and 60 are a boolean and a number, quoted ones strings")
    func scalarTypes() throws {
        let project = try Self.parse(
            """
            name: s
            providers: [awscc]
            resources:
              - name: r
                props:
                  - name: a
                    value: {on: true, n: 60, q: 'true', e: ~}
            """)
        #expect(
            project.resources.first?.props.first?.value
                == .mapping([
                    ManifestMember(key: "on", value: .bool(true)), ManifestMember(key: "n", value: .number("60")),
                    ManifestMember(key: "q", value: .string("true")), ManifestMember(key: "e", value: .null),
                ]))
    }

    @Test("a YAML syntax error is one sentence with its line")
    func badYAML() {
        do {
            _ = try ManifestProject.load(directory: Fixtures.project("broken-yaml"))
            Issue.record("broken YAML was read")
        } catch let error {
            #expect(error.line == 10)
            #expect(error.message.hasPrefix("invalid YAML: did not find expected ',' or ']'"))
        }
    }

    @Test(
        "an unknown key is refused at its line with the key path and a suggestion",
        arguments: [
            (
                "name: s\nproviders: [awscc]\nresource: []\n",
                "line 3: unknown key 'resource' (did you mean 'resources'?)"
            ),
            (
                "name: s\nproviders: [awscc]\nresources:\n  - name: r\n    prop: []\n",
                "line 5: resources[0]: unknown key 'prop' (did you mean 'props'?)"
            ),
            (
                "name: s\nproviders: [awscc]\nresources:\n  - name: r\n    props:\n      - name: p\n        valu: 1\n",
                "line 7: resources[0].props[0]: unknown key 'valu' (did you mean 'value'?)"
            ),
            (
                "name: s\nproviders: [awscc]\nglobals:\n  - name: g\n    vlaue: 1\n",
                "line 5: globals[0]: unknown key 'vlaue' (did you mean 'value'?)"
            ),
        ])
    func unknownKeys(yaml: String, expected: String) {
        #expect(Self.error(yaml) == "manifest 'stack/stackql_manifest.yml' \(expected)")
    }

    @Test(
        "missing and malformed fields are one sentence each",
        arguments: [
            ("providers: [awscc]\n", "line 1: missing 'name' (the stack's name, also {{ stack_name }})"),
            ("name: s\n", "line 1: missing 'providers' (the StackQL providers the stack uses, e.g. [awscc])"),
            (
                "name: s\nproviders: [awscc]\nresources:\n  - name: r\n    type: resorce\n",
                "line 5: resources[0].type: unknown resource type 'resorce' (did you mean 'resource'?)"
            ),
            (
                "name: s\nproviders: [awscc]\nresources:\n  - name: r\n  - name: r\n",
                "line 5: resources[1].name: duplicate resource name 'r' (first at line 4); stackql-deploy requires unique names"
            ),
            (
                "name: s\nproviders: [awscc]\nresources:\n  - name: r\n    props:\n      - name: p\n",
                "line 6: resources[0].props[0]: property 'p' has no value, values or merge"
            ),
            (
                "name: s\nproviders: [awscc]\nglobals:\n  - name: g\n    value: {{ G }}\n",
                "line 5: globals[0].value: a mapping key must be a plain name; a '{{ … }}' value must be quoted in YAML ('{{ name }}')"
            ),
            ("name: s\nversion: one\nproviders: [awscc]\n", "line 2: version: must be a whole number, not 'one'"),
        ])
    func malformed(yaml: String, expected: String) {
        #expect(Self.error(yaml) == "manifest 'stack/stackql_manifest.yml' \(expected)")
    }

    @Test("a missing project directory or manifest is one sentence naming it")
    func missingFiles() {
        #expect(throws: ManifestError.self) { try ManifestProject.load(directory: Fixtures.project("no-such-project")) }
        do {
            _ = try ManifestProject.load(directory: Fixtures.project("seed-image/resources"))
            Issue.record("a directory without a manifest was read")
        } catch let error {
            #expect(error.description.hasSuffix("seed-image/resources/stackql_manifest.yml': no such file"))
        }
    }

    @Test("paths inside a project are cited from the directory as given")
    func paths() {
        #expect(ManifestProject(directory: ".", name: "s").path("resources/a.iql") == "resources/a.iql")
        #expect(ManifestProject(directory: "stack/", name: "s").path("resources/a.iql") == "stack/resources/a.iql")
    }

    /// Issue 14: nine aliases of nine aliases stand for 9^9 values in 700 bytes; reading them took longer than a
    /// minute. Aliases themselves still work (YAML 1.1, which stackql-deploy's PyYAML reads).
    @Test("aliases are expanded, but a manifest that expands past 100,000 values is one sentence, at once")
    func aliasExpansion() throws {
        let small = try Self.parse(
            """
            name: s
            providers: [awscc]
            globals:
              - name: tags
                value: &tags {team: web}
              - name: copy
                value: *tags
            """)
        #expect(
            small.globals.map(\.value)
                == Array(repeating: .mapping([ManifestMember(key: "team", value: .string("web"))]), count: 2))
        var lines = [
            "name: s", "providers: [awscc]", "globals:", "  - name: a", "    value: &a [x, x, x, x, x, x, x, x, x]",
        ]
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            lines += [
                "  - name: \(name)",
                "    value: &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]",
            ]
        }
        var message: String?
        let seconds = CPUTime.measure { message = Self.error(lines.joined(separator: "\n")) }
        #expect(seconds < 2, "\(seconds) s")
        #expect(
            message
                == "manifest 'stack/stackql_manifest.yml': the manifest's aliases expand it to more than 100000 values; "
                + "write the repeated values out or use fewer aliases of aliases")
    }
}
