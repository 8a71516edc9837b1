"""Request and response schemas of the REST API, by area (``common`` holds what
they share: base models, the error shape and the error ``responses=`` helper)."""
