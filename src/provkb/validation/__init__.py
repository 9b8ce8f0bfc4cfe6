"""SHACL validation of a build, from the inputs the build prepared, and its reports."""
