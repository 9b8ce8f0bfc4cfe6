"""Building RDF from the annotations: graphs, analytics, dumps and the validation inputs."""
