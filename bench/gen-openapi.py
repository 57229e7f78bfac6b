#!/usr/bin/env python3
"""Generates a deterministic OpenAPI 3.0 JSON document of about --bytes bytes for bench/import-bench.sh: a commerce
API with list/get/create/update/delete operations per resource, shared component schemas with $refs (and a
self-reference), page/per_page, limit/offset and cursor paging, bearer and OAuth 2 security."""
import argparse, json

parser = argparse.ArgumentParser()
parser.add_argument("--bytes", type=int, default=1_000_000)
args = parser.parse_args()

doc = {
    "openapi": "3.0.3",
    "info": {"title": "Bench Commerce API", "version": "1.0", "description": "Generated for the import benchmark."},
    "servers": [{"url": "https://{shop}.bench.example/api/{version}", "variables": {"shop": {"default": "demo"}, "version": {"default": "v1"}}}],
    "security": [{"bearer": []}],
    "paths": {},
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.bench.example/token", "scopes": {"read": "Read", "write": "Write"}}}},
        },
        "schemas": {
            "Money": {"type": "object", "properties": {"amount": {"type": "string", "example": "9.99"}, "currency": {"type": "string", "example": "EUR"}}},
            "Address": {"type": "object", "properties": {k: {"type": "string"} for k in ["line1", "line2", "city", "postcode", "country"]}},
            "Category": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "parent": {"$ref": "#/components/schemas/Category"}}},
        },
    },
}
paging = [
    [{"name": "page", "in": "query", "schema": {"type": "integer"}}, {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 50}}],
    [{"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "offset", "in": "query", "schema": {"type": "integer"}}],
    [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
]
i = 0
while len(json.dumps(doc, indent=1)) < args.bytes - 4000:
    name = f"Resource{i}"
    path = f"/resources{i}"
    props = {f"field{j}": {"type": ["string", "integer", "boolean", "number"][j % 4], "description": f"Field {j} of resource {i}."} for j in range(40)}
    props["price"] = {"$ref": "#/components/schemas/Money"}
    props["address"] = {"$ref": "#/components/schemas/Address"}
    props["category"] = {"$ref": "#/components/schemas/Category"}
    props["lines"] = {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}}}}
    doc["components"]["schemas"][name] = {"type": "object", "required": ["field0"], "properties": props}
    ref = {"$ref": f"#/components/schemas/{name}"}
    listing = {"type": "object", "properties": {"data": {"type": "array", "items": ref}, "total": {"type": "integer"}, "next_cursor": {"type": "string"}}}
    one = {"content": {"application/json": {"schema": ref}}}
    idp = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}, "example": 1}]
    doc["paths"][path] = {
        "get": {"operationId": f"list{name}", "summary": f"List resource {i}", "tags": [name], "parameters": paging[i % 3] + [{"name": "status", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": listing}}}}},
        "post": {"operationId": f"create{name}", "summary": f"Create resource {i}", "tags": [name], "requestBody": one, "responses": {"201": {"description": "created", **one}}},
    }
    doc["paths"][path + "/{id}"] = {
        "get": {"operationId": f"get{name}", "tags": [name], "parameters": idp, "responses": {"200": {"description": "ok", **one}}},
        "put": {"operationId": f"update{name}", "tags": [name], "parameters": idp, "requestBody": one, "responses": {"200": {"description": "ok", **one}}},
        "delete": {"operationId": f"delete{name}", "tags": [name], "parameters": idp, "security": [{"oauth": ["write"]}], "responses": {"204": {"description": "gone"}}},
    }
    i += 1
print(json.dumps(doc, indent=1))
