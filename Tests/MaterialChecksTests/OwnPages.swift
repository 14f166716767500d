import Core
import FormRendering
import Foundation
import RegistrationRules
import SampleMaking

/// A page maker with a renderer of its own: cairo's renderer is not thread-safe, so each
/// serialized suite that draws pages makes one.
func ownPages() -> Pages {
  let renderer = try! FormRenderer(templates: try FormTemplateSet.load(directory: repoPath("templates/forms")))
  return Pages(policy: shippedPolicy, renderer: renderer, templates: repoPath("templates"), geometry: try! renderer.geometry())
}

/// The initial-registration sample's application.
let sampleApplication = try! ApplicationLoader.load(path: repoPath("samples/applications/initial.yaml")).application
