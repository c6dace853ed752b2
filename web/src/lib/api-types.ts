// Generated from the server's OpenAPI document (GET /api/openapi.json) by
// `npm run gen:api-types`. Do not edit: a test fails when this file is out of date.

export interface paths {
    "/api/account/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            devices: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                current: boolean;
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                id: string;
                                ip: string | null;
                                label: string;
                                /** @description ISO-8601 UTC instant */
                                lastUsedAt: string;
                                userAgent: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/email/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            message: string;
                            /** @enum {string} */
                            status: "sent";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/locale": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string|null} */
                        locale: "en" | "zh-CN" | "de" | "es" | "fr" | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string|null} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr" | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sessions: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                current: boolean;
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                id: string;
                                ip: string | null;
                                /** @description ISO-8601 UTC instant */
                                lastSeenAt: string;
                                userAgent: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: {
                    others?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            apiKeys: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                id: string;
                                keyPrefix: string;
                                /** @description ISO-8601 UTC instant */
                                lastUsedAt: string | null;
                                name: string;
                                orgId: string | null;
                                /** @description ISO-8601 UTC instant */
                                revokedAt: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        orgId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            key: string;
                            name: string;
                            orgId: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    from?: string;
                    limit?: number;
                    orgId?: string;
                    to?: string;
                    type?: string;
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: {
                                /** @description the acting user's current email, when the actor is a user */
                                actorEmail: string | null;
                                actorId: string | null;
                                /** @description ISO-8601 UTC instant */
                                at: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: string;
                                ip: string | null;
                                orgId: string | null;
                                /** @description one human line for the details, e.g. "enforcement.scope: none → all" */
                                summary: string;
                                type: string;
                                userAgent: string | null;
                                /** @description the user's current email, when the user still exists */
                                userEmail: string | null;
                                userId: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    format?: "csv" | "jsonl";
                    from?: string;
                    orgId?: string;
                    to?: string;
                    type?: string;
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description text/csv or application/x-ndjson (JSON Lines), streamed; the filtered events, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description every event type the audit log records */
                            types: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            clients: {
                                clientId: string;
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                firstParty: boolean;
                                name: string;
                                postLogoutRedirectUris: string[];
                                redirectUris: string[];
                                requireMfa: boolean;
                                signIns30d: number;
                                /** @enum {string} */
                                type: "confidential" | "public";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        firstParty?: boolean;
                        name: string;
                        postLogoutRedirectUris?: string[];
                        redirectUris: string[];
                        requireMfa?: boolean;
                        /** @enum {string} */
                        type: "confidential" | "public";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            clientId: string;
                            clientSecret?: string;
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            firstParty: boolean;
                            name: string;
                            postLogoutRedirectUris: string[];
                            redirectUris: string[];
                            requireMfa: boolean;
                            /** @enum {string} */
                            type: "confidential" | "public";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/clients/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    clientId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            clientId: string;
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            firstParty: boolean;
                            name: string;
                            postLogoutRedirectUris: string[];
                            redirectUris: string[];
                            requireMfa: boolean;
                            /** @enum {string} */
                            type: "confidential" | "public";
                        };
                    };
                };
            };
        };
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    clientId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        firstParty?: boolean;
                        name?: string;
                        postLogoutRedirectUris?: string[];
                        redirectUris?: string[];
                        requireMfa?: boolean;
                        /** @enum {string} */
                        type?: "confidential" | "public";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            clientId: string;
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            firstParty: boolean;
                            name: string;
                            postLogoutRedirectUris: string[];
                            redirectUris: string[];
                            requireMfa: boolean;
                            /** @enum {string} */
                            type: "confidential" | "public";
                        };
                    };
                };
            };
        };
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    clientId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/clients/{clientId}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    clientId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            clientSecret: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/mfa/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            emailVerification: "required" | "optional";
                            enforcement: {
                                gracePeriodDays: number;
                                organizationIds: string[];
                                /** @enum {string} */
                                phishingResistant?: "none" | "all" | "system_admins" | "org_admins" | "organizations";
                                profileIds: string[];
                                /** @enum {string} */
                                scope: "none" | "all" | "system_admins" | "org_admins" | "organizations";
                            };
                            limits: {
                                lockoutSeconds: number;
                                maxAttemptsPerChallenge: number;
                                maxConsecutiveFailures: number;
                                mfaTokenTtlSeconds: number;
                                resendIntervalSeconds: number;
                            };
                            methods: {
                                backupCodes: {
                                    count: number;
                                    enabled: boolean;
                                };
                                email: {
                                    codeTtlSeconds: number;
                                    enabled: boolean;
                                };
                                sms: {
                                    codeTtlSeconds: number;
                                    enabled: boolean;
                                };
                                totp: {
                                    enabled: boolean;
                                    issuer: string;
                                };
                                webauthn: {
                                    enabled: boolean;
                                };
                            };
                            rememberBrowser: {
                                days: number;
                                enabled: boolean;
                            };
                        };
                    };
                };
            };
        };
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        emailVerification?: "required" | "optional";
                        enforcement?: {
                            gracePeriodDays?: number;
                            organizationIds?: string[];
                            /** @enum {string} */
                            phishingResistant?: "none" | "all" | "system_admins" | "org_admins" | "organizations";
                            profileIds?: string[];
                            /** @enum {string} */
                            scope?: "none" | "all" | "system_admins" | "org_admins" | "organizations";
                        };
                        limits?: {
                            lockoutSeconds?: number;
                            maxAttemptsPerChallenge?: number;
                            maxConsecutiveFailures?: number;
                            mfaTokenTtlSeconds?: number;
                            resendIntervalSeconds?: number;
                        };
                        methods?: {
                            backupCodes?: {
                                count?: number;
                                enabled?: boolean;
                            };
                            email?: {
                                codeTtlSeconds?: number;
                                enabled?: boolean;
                            };
                            sms?: {
                                codeTtlSeconds?: number;
                                enabled?: boolean;
                            };
                            totp?: {
                                enabled?: boolean;
                                issuer?: string;
                            };
                            webauthn?: {
                                enabled?: boolean;
                            };
                        };
                        rememberBrowser?: {
                            days?: number;
                            enabled?: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            emailVerification: "required" | "optional";
                            enforcement: {
                                gracePeriodDays: number;
                                organizationIds: string[];
                                /** @enum {string} */
                                phishingResistant?: "none" | "all" | "system_admins" | "org_admins" | "organizations";
                                profileIds: string[];
                                /** @enum {string} */
                                scope: "none" | "all" | "system_admins" | "org_admins" | "organizations";
                            };
                            limits: {
                                lockoutSeconds: number;
                                maxAttemptsPerChallenge: number;
                                maxConsecutiveFailures: number;
                                mfaTokenTtlSeconds: number;
                                resendIntervalSeconds: number;
                            };
                            methods: {
                                backupCodes: {
                                    count: number;
                                    enabled: boolean;
                                };
                                email: {
                                    codeTtlSeconds: number;
                                    enabled: boolean;
                                };
                                sms: {
                                    codeTtlSeconds: number;
                                    enabled: boolean;
                                };
                                totp: {
                                    enabled: boolean;
                                    issuer: string;
                                };
                                webauthn: {
                                    enabled: boolean;
                                };
                            };
                            rememberBrowser: {
                                days: number;
                                enabled: boolean;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/mfa/policy/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        emailVerification?: "required" | "optional";
                        enforcement?: {
                            gracePeriodDays?: number;
                            organizationIds?: string[];
                            /** @enum {string} */
                            phishingResistant?: "none" | "all" | "system_admins" | "org_admins" | "organizations";
                            profileIds?: string[];
                            /** @enum {string} */
                            scope?: "none" | "all" | "system_admins" | "org_admins" | "organizations";
                        };
                        limits?: {
                            lockoutSeconds?: number;
                            maxAttemptsPerChallenge?: number;
                            maxConsecutiveFailures?: number;
                            mfaTokenTtlSeconds?: number;
                            resendIntervalSeconds?: number;
                        };
                        methods?: {
                            backupCodes?: {
                                count?: number;
                                enabled?: boolean;
                            };
                            email?: {
                                codeTtlSeconds?: number;
                                enabled?: boolean;
                            };
                            sms?: {
                                codeTtlSeconds?: number;
                                enabled?: boolean;
                            };
                            totp?: {
                                enabled?: boolean;
                                issuer?: string;
                            };
                            webauthn?: {
                                enabled?: boolean;
                            };
                        };
                        rememberBrowser?: {
                            days?: number;
                            enabled?: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the admin making the change would have to set up 2FA */
                            actorNeedsSetup: boolean;
                            /** @description users for whom 2FA would be required */
                            affectedUsers: number;
                            /** @description fields the change touches; empty when it changes nothing */
                            changes: string[];
                            /** @description when the last grace period ends; null: set up at next sign-in */
                            deadline: string | null;
                            /** @description users required before and after, without an allowed factor, whose enrollment deadline moves */
                            deadlineMoved: number;
                            /** @description who must use 2FA, by when or with what changes for someone: the requirement flips, or a user in scope gains or loses it, has their deadline moved or their factors stop counting */
                            enforcementChanged: boolean;
                            /** @description users whose factors satisfy the requirement today and would not (those methods not allowed) */
                            factorsNoLongerAllowed: number;
                            gracePeriodDays: number;
                            /** @description of those, users for whom it is not required today */
                            newlyRequired: number;
                            /** @description users for whom it is required today and would not be */
                            noLongerRequired: number;
                            /** @description of the affected users, those without an allowed factor */
                            withoutMfa: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/org-profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            profiles: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                description: string | null;
                                id: string;
                                isDefault: boolean;
                                name: string;
                                organizations: number;
                                policy: {
                                    gracePeriodDays: number | null;
                                    limits: {
                                        codeTtlSeconds?: number;
                                        lockoutSeconds?: number;
                                        maxAttemptsPerChallenge?: number;
                                        maxConsecutiveFailures?: number;
                                        mfaTokenTtlSeconds?: number;
                                    } | null;
                                    methods: ("totp" | "email" | "sms" | "webauthn")[] | null;
                                    requireForAllMembers: boolean;
                                } | null;
                                /** @description ISO-8601 UTC instant */
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        name: string;
                        policy?: {
                            gracePeriodDays?: number | null;
                            limits?: {
                                codeTtlSeconds?: number;
                                lockoutSeconds?: number;
                                maxAttemptsPerChallenge?: number;
                                maxConsecutiveFailures?: number;
                                mfaTokenTtlSeconds?: number;
                            } | null;
                            methods?: ("totp" | "email" | "sms" | "webauthn")[] | null;
                            requireForAllMembers?: boolean;
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            description: string | null;
                            id: string;
                            isDefault: boolean;
                            name: string;
                            organizations: number;
                            policy: {
                                gracePeriodDays: number | null;
                                limits: {
                                    codeTtlSeconds?: number;
                                    lockoutSeconds?: number;
                                    maxAttemptsPerChallenge?: number;
                                    maxConsecutiveFailures?: number;
                                    mfaTokenTtlSeconds?: number;
                                } | null;
                                methods: ("totp" | "email" | "sms" | "webauthn")[] | null;
                                requireForAllMembers: boolean;
                            } | null;
                            /** @description ISO-8601 UTC instant */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/org-profiles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            description: string | null;
                            id: string;
                            isDefault: boolean;
                            name: string;
                            organizations: number;
                            policy: {
                                gracePeriodDays: number | null;
                                limits: {
                                    codeTtlSeconds?: number;
                                    lockoutSeconds?: number;
                                    maxAttemptsPerChallenge?: number;
                                    maxConsecutiveFailures?: number;
                                    mfaTokenTtlSeconds?: number;
                                } | null;
                                methods: ("totp" | "email" | "sms" | "webauthn")[] | null;
                                requireForAllMembers: boolean;
                            } | null;
                            /** @description ISO-8601 UTC instant */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        name?: string;
                        policy?: {
                            gracePeriodDays?: number | null;
                            limits?: {
                                codeTtlSeconds?: number;
                                lockoutSeconds?: number;
                                maxAttemptsPerChallenge?: number;
                                maxConsecutiveFailures?: number;
                                mfaTokenTtlSeconds?: number;
                            } | null;
                            methods?: ("totp" | "email" | "sms" | "webauthn")[] | null;
                            requireForAllMembers?: boolean;
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            description: string | null;
                            id: string;
                            isDefault: boolean;
                            name: string;
                            organizations: number;
                            policy: {
                                gracePeriodDays: number | null;
                                limits: {
                                    codeTtlSeconds?: number;
                                    lockoutSeconds?: number;
                                    maxAttemptsPerChallenge?: number;
                                    maxConsecutiveFailures?: number;
                                    mfaTokenTtlSeconds?: number;
                                } | null;
                                methods: ("totp" | "email" | "sms" | "webauthn")[] | null;
                                requireForAllMembers: boolean;
                            } | null;
                            /** @description ISO-8601 UTC instant */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            orgs: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                id: string;
                                name: string;
                                productName: string | null;
                                profileId: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        productName?: string | null;
                        profileId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            id: string;
                            name: string;
                            productName: string | null;
                            profileId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orgs/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        productName?: string | null;
                        profileId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            id: string;
                            name: string;
                            productName: string | null;
                            profileId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orgs/{orgId}/mfa/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            gracePeriodDays: number | null;
                            limits: {
                                codeTtlSeconds?: number;
                                lockoutSeconds?: number;
                                maxAttemptsPerChallenge?: number;
                                maxConsecutiveFailures?: number;
                                mfaTokenTtlSeconds?: number;
                            } | null;
                            methods: ("totp" | "email" | "sms" | "webauthn")[] | null;
                            orgId: string;
                            profile: {
                                id: string;
                                name: string | null;
                                policy: {
                                    gracePeriodDays: number | null;
                                    limits: {
                                        codeTtlSeconds?: number;
                                        lockoutSeconds?: number;
                                        maxAttemptsPerChallenge?: number;
                                        maxConsecutiveFailures?: number;
                                        mfaTokenTtlSeconds?: number;
                                    } | null;
                                    methods: ("totp" | "email" | "sms" | "webauthn")[] | null;
                                    requireForAllMembers: boolean;
                                } | null;
                            };
                            rememberBrowser?: {
                                days?: number;
                                enabled: boolean;
                            } | null;
                            requireForAllMembers: boolean;
                            systemGracePeriodDays: number;
                            systemMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            useSystemPolicy: boolean;
                        };
                    };
                };
            };
        };
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        gracePeriodDays?: number | null;
                        limits?: {
                            codeTtlSeconds?: number;
                            lockoutSeconds?: number;
                            maxAttemptsPerChallenge?: number;
                            maxConsecutiveFailures?: number;
                            mfaTokenTtlSeconds?: number;
                        } | null;
                        methods?: ("totp" | "email" | "sms" | "webauthn")[] | null;
                        rememberBrowser?: {
                            days?: number;
                            enabled: boolean;
                        } | null;
                        requireForAllMembers?: boolean;
                        useSystemPolicy: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            gracePeriodDays: number | null;
                            limits: {
                                codeTtlSeconds?: number;
                                lockoutSeconds?: number;
                                maxAttemptsPerChallenge?: number;
                                maxConsecutiveFailures?: number;
                                mfaTokenTtlSeconds?: number;
                            } | null;
                            methods: ("totp" | "email" | "sms" | "webauthn")[] | null;
                            orgId: string;
                            profile: {
                                id: string;
                                name: string | null;
                                policy: {
                                    gracePeriodDays: number | null;
                                    limits: {
                                        codeTtlSeconds?: number;
                                        lockoutSeconds?: number;
                                        maxAttemptsPerChallenge?: number;
                                        maxConsecutiveFailures?: number;
                                        mfaTokenTtlSeconds?: number;
                                    } | null;
                                    methods: ("totp" | "email" | "sms" | "webauthn")[] | null;
                                    requireForAllMembers: boolean;
                                } | null;
                            };
                            rememberBrowser?: {
                                days?: number;
                                enabled: boolean;
                            } | null;
                            requireForAllMembers: boolean;
                            systemGracePeriodDays: number;
                            systemMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            useSystemPolicy: boolean;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orgs/{orgId}/mfa/policy/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        gracePeriodDays?: number | null;
                        limits?: {
                            codeTtlSeconds?: number;
                            lockoutSeconds?: number;
                            maxAttemptsPerChallenge?: number;
                            maxConsecutiveFailures?: number;
                            mfaTokenTtlSeconds?: number;
                        } | null;
                        methods?: ("totp" | "email" | "sms" | "webauthn")[] | null;
                        rememberBrowser?: {
                            days?: number;
                            enabled: boolean;
                        } | null;
                        requireForAllMembers?: boolean;
                        useSystemPolicy: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the admin making the change would have to set up 2FA */
                            actorNeedsSetup: boolean;
                            /** @description users for whom 2FA would be required */
                            affectedUsers: number;
                            /** @description fields the change touches; empty when it changes nothing */
                            changes: string[];
                            /** @description when the last grace period ends; null: set up at next sign-in */
                            deadline: string | null;
                            /** @description users required before and after, without an allowed factor, whose enrollment deadline moves */
                            deadlineMoved: number;
                            /** @description who must use 2FA, by when or with what changes for someone: the requirement flips, or a user in scope gains or loses it, has their deadline moved or their factors stop counting */
                            enforcementChanged: boolean;
                            /** @description users whose factors satisfy the requirement today and would not (those methods not allowed) */
                            factorsNoLongerAllowed: number;
                            gracePeriodDays: number;
                            /** @description of those, users for whom it is not required today */
                            newlyRequired: number;
                            /** @description users for whom it is required today and would not be */
                            noLongerRequired: number;
                            /** @description of the affected users, those without an allowed factor */
                            withoutMfa: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orgs/{orgId}/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kinds: {
                                customizedLocales: string[];
                                kind: string;
                                parts: ("emailSubject" | "emailBody" | "sms")[];
                                placeholders: string[];
                            }[];
                            locales: ("en" | "zh-CN" | "de" | "es" | "fr")[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orgs/{orgId}/templates/{kind}/{locale}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: string;
                    locale: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customized: boolean;
                            defaults: {
                                emailBody: string;
                                emailSubject: string;
                                sms: string | null;
                            };
                            emailBody: string;
                            emailSubject: string;
                            kind: string;
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            parts: ("emailSubject" | "emailBody" | "sms")[];
                            placeholders: string[];
                            sms: string | null;
                            updatedAt: string | null;
                        };
                    };
                };
            };
        };
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: string;
                    locale: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        emailBody?: string;
                        emailSubject?: string;
                        sms?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customized: boolean;
                            defaults: {
                                emailBody: string;
                                emailSubject: string;
                                sms: string | null;
                            };
                            emailBody: string;
                            emailSubject: string;
                            kind: string;
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            parts: ("emailSubject" | "emailBody" | "sms")[];
                            placeholders: string[];
                            sms: string | null;
                            updatedAt: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: string;
                    locale: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customized: boolean;
                            defaults: {
                                emailBody: string;
                                emailSubject: string;
                                sms: string | null;
                            };
                            emailBody: string;
                            emailSubject: string;
                            kind: string;
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            parts: ("emailSubject" | "emailBody" | "sms")[];
                            placeholders: string[];
                            sms: string | null;
                            updatedAt: string | null;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orgs/{orgId}/templates/{kind}/{locale}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: string;
                    locale: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        emailBody?: string;
                        emailSubject?: string;
                        sms?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: {
                                html: string;
                                subject: string;
                                text: string;
                            };
                            kind: string;
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            sms: {
                                /** @enum {string} */
                                encoding: "GSM-7" | "UCS-2";
                                segments: number;
                                text: string;
                                units: number;
                            } | null;
                            values: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: {
                                active: string;
                                from: string;
                                host: string | null;
                                lockedByEnvironment: string[];
                                passwordSet: boolean;
                                port: number | null;
                                /** @enum {string} */
                                provider: "smtp" | "log";
                                /** @enum {string|null} */
                                security: "none" | "starttls" | "tls" | null;
                                /** @enum {string} */
                                source: "environment" | "console" | "default";
                                user: string | null;
                            };
                            sms: {
                                accountSid: string | null;
                                active: string;
                                apiUrl: string | null;
                                authTokenSet: boolean;
                                from: string | null;
                                lockedByEnvironment: string[];
                                /** @enum {string} */
                                provider: "log" | "twilio" | "webhook";
                                /** @enum {string} */
                                source: "environment" | "console" | "default";
                                webhookSecretSet: boolean;
                                webhookUrl: string | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/providers/{channel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channel: "email" | "sms";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: {
                                active: string;
                                from: string;
                                host: string | null;
                                lockedByEnvironment: string[];
                                passwordSet: boolean;
                                port: number | null;
                                /** @enum {string} */
                                provider: "smtp" | "log";
                                /** @enum {string|null} */
                                security: "none" | "starttls" | "tls" | null;
                                /** @enum {string} */
                                source: "environment" | "console" | "default";
                                user: string | null;
                            };
                            sms: {
                                accountSid: string | null;
                                active: string;
                                apiUrl: string | null;
                                authTokenSet: boolean;
                                from: string | null;
                                lockedByEnvironment: string[];
                                /** @enum {string} */
                                provider: "log" | "twilio" | "webhook";
                                /** @enum {string} */
                                source: "environment" | "console" | "default";
                                webhookSecretSet: boolean;
                                webhookUrl: string | null;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/providers/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        from?: string | null;
                        host?: string;
                        password?: string | null;
                        port?: number;
                        /** @enum {string} */
                        security?: "none" | "starttls" | "tls";
                        user?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: {
                                active: string;
                                from: string;
                                host: string | null;
                                lockedByEnvironment: string[];
                                passwordSet: boolean;
                                port: number | null;
                                /** @enum {string} */
                                provider: "smtp" | "log";
                                /** @enum {string|null} */
                                security: "none" | "starttls" | "tls" | null;
                                /** @enum {string} */
                                source: "environment" | "console" | "default";
                                user: string | null;
                            };
                            sms: {
                                accountSid: string | null;
                                active: string;
                                apiUrl: string | null;
                                authTokenSet: boolean;
                                from: string | null;
                                lockedByEnvironment: string[];
                                /** @enum {string} */
                                provider: "log" | "twilio" | "webhook";
                                /** @enum {string} */
                                source: "environment" | "console" | "default";
                                webhookSecretSet: boolean;
                                webhookUrl: string | null;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/providers/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accountSid?: string | null;
                        apiUrl?: string | null;
                        authToken?: string | null;
                        from?: string | null;
                        /** @enum {string} */
                        provider?: "log" | "twilio" | "webhook";
                        webhookSecret?: string | null;
                        webhookUrl?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: {
                                active: string;
                                from: string;
                                host: string | null;
                                lockedByEnvironment: string[];
                                passwordSet: boolean;
                                port: number | null;
                                /** @enum {string} */
                                provider: "smtp" | "log";
                                /** @enum {string|null} */
                                security: "none" | "starttls" | "tls" | null;
                                /** @enum {string} */
                                source: "environment" | "console" | "default";
                                user: string | null;
                            };
                            sms: {
                                accountSid: string | null;
                                active: string;
                                apiUrl: string | null;
                                authTokenSet: boolean;
                                from: string | null;
                                lockedByEnvironment: string[];
                                /** @enum {string} */
                                provider: "log" | "twilio" | "webhook";
                                /** @enum {string} */
                                source: "environment" | "console" | "default";
                                webhookSecretSet: boolean;
                                webhookUrl: string | null;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/providers/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel: "email" | "sms";
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            channel: "email" | "sms";
                            destination: string;
                            messageId: string | null;
                            provider: string;
                            /** @enum {string} */
                            status: "sent";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    profileId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: {
                                /** @description ISO-8601 UTC instant */
                                at: string;
                                reason: string | null;
                                type: string;
                                userId: string | null;
                            }[];
                            byMethod: {
                                [key: string]: number;
                            };
                            inGracePeriod: number;
                            locked: number;
                            nonCompliant: number;
                            strandedUsers: number;
                            users: number;
                            withMfa: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kinds: {
                                customizedLocales: string[];
                                kind: string;
                                parts: ("emailSubject" | "emailBody" | "sms")[];
                                placeholders: string[];
                            }[];
                            locales: ("en" | "zh-CN" | "de" | "es" | "fr")[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/templates/{kind}/{locale}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: string;
                    locale: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customized: boolean;
                            defaults: {
                                emailBody: string;
                                emailSubject: string;
                                sms: string | null;
                            };
                            emailBody: string;
                            emailSubject: string;
                            kind: string;
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            parts: ("emailSubject" | "emailBody" | "sms")[];
                            placeholders: string[];
                            sms: string | null;
                            updatedAt: string | null;
                        };
                    };
                };
            };
        };
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: string;
                    locale: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        emailBody?: string;
                        emailSubject?: string;
                        sms?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customized: boolean;
                            defaults: {
                                emailBody: string;
                                emailSubject: string;
                                sms: string | null;
                            };
                            emailBody: string;
                            emailSubject: string;
                            kind: string;
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            parts: ("emailSubject" | "emailBody" | "sms")[];
                            placeholders: string[];
                            sms: string | null;
                            updatedAt: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: string;
                    locale: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customized: boolean;
                            defaults: {
                                emailBody: string;
                                emailSubject: string;
                                sms: string | null;
                            };
                            emailBody: string;
                            emailSubject: string;
                            kind: string;
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            parts: ("emailSubject" | "emailBody" | "sms")[];
                            placeholders: string[];
                            sms: string | null;
                            updatedAt: string | null;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/templates/{kind}/{locale}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: string;
                    locale: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        emailBody?: string;
                        emailSubject?: string;
                        sms?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: {
                                html: string;
                                subject: string;
                                text: string;
                            };
                            kind: string;
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            sms: {
                                /** @enum {string} */
                                encoding: "GSM-7" | "UCS-2";
                                segments: number;
                                text: string;
                                units: number;
                            } | null;
                            values: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    compliance?: "enrolled" | "grace" | "non_compliant" | "not_required";
                    cursor?: string;
                    limit?: number;
                    locked?: "true" | "false";
                    mfa?: "enabled" | "disabled";
                    orgId?: string;
                    profileId?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            nextCursor: string | null;
                            users: {
                                apiUser: boolean;
                                compliance: {
                                    /** @description ISO-8601 UTC instant */
                                    deadline: string | null;
                                    /** @enum {string} */
                                    status: "enrolled" | "grace" | "non_compliant" | "not_required";
                                };
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                email: string;
                                emailVerified: boolean;
                                externalId: string | null;
                                id: string;
                                /** @description ISO-8601 UTC instant */
                                lastSignInAt: string | null;
                                locked: boolean;
                                /** @description ISO-8601 UTC instant */
                                lockedUntil: string | null;
                                mfaEnabled: boolean;
                                mfaMethods: string[];
                                name: string | null;
                                orgId: string | null;
                                /** @enum {string} */
                                role: "system_admin" | "org_admin" | "member";
                                throttled: boolean;
                                /** @description ISO-8601 UTC instant */
                                throttledUntil: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        name?: string;
                        orgId?: string | null;
                        password: string;
                        /** @enum {string} */
                        role: "system_admin" | "org_admin" | "member";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            apiUser: boolean;
                            compliance: {
                                /** @description ISO-8601 UTC instant */
                                deadline: string | null;
                                /** @enum {string} */
                                status: "enrolled" | "grace" | "non_compliant" | "not_required";
                            };
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            email: string;
                            emailVerified: boolean;
                            externalId: string | null;
                            id: string;
                            /** @description ISO-8601 UTC instant */
                            lastSignInAt: string | null;
                            locked: boolean;
                            /** @description ISO-8601 UTC instant */
                            lockedUntil: string | null;
                            mfaEnabled: boolean;
                            mfaMethods: string[];
                            name: string | null;
                            orgId: string | null;
                            /** @enum {string} */
                            role: "system_admin" | "org_admin" | "member";
                            throttled: boolean;
                            /** @description ISO-8601 UTC instant */
                            throttledUntil: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/mfa/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sessions: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                current: boolean;
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                id: string;
                                ip: string | null;
                                /** @description ISO-8601 UTC instant */
                                lastSeenAt: string;
                                userAgent: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            webhooks: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                events: string[];
                                id: string;
                                orgId: string | null;
                                url: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        events?: ("factor.added" | "factor.removed" | "mfa.reset" | "account.locked" | "account.unlocked" | "backup_code.used" | "sign_in.failed_repeatedly")[];
                        orgId?: string | null;
                        /** Format: uri */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            events: string[];
                            id: string;
                            orgId: string | null;
                            secret: string;
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: {
                                attempts: number;
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                /** @description ISO-8601 UTC instant */
                                deliveredAt: string | null;
                                eventId: string;
                                eventType: string;
                                id: string;
                                /** @description ISO-8601 UTC instant */
                                lastAttemptAt: string | null;
                                lastError: string | null;
                                lastStatus: number | null;
                                /** @description ISO-8601 UTC instant */
                                nextAttemptAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/email/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            mfaEnrollmentDeadline?: string;
                            rememberedBrowser?: boolean;
                            requiredBy?: {
                                /** @enum {string} */
                                kind: "system" | "organization";
                                name: string;
                            };
                            session: {
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                token: string;
                            };
                            /** @enum {string} */
                            status: "authenticated";
                            user: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                email: string;
                                emailVerified: boolean;
                                id: string;
                                /** @enum {string|null} */
                                locale: "en" | "zh-CN" | "de" | "es" | "fr" | null;
                                mfaEnabled: boolean;
                                name: string | null;
                                orgId: string | null;
                                /** @enum {string} */
                                role: "system_admin" | "org_admin" | "member";
                            };
                        } | {
                            allowedMethods?: ("totp" | "email" | "sms" | "webauthn")[];
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            methods: ("totp" | "email" | "sms" | "webauthn" | "backup_code")[];
                            mfaToken: string;
                            /** @enum {string|null} */
                            preferredMethod?: "totp" | "email" | "sms" | "webauthn" | "backup_code" | null;
                            rememberBrowserDays?: number;
                            /** @enum {boolean} */
                            replaceFactor?: true;
                            /** @enum {string} */
                            status: "mfa_required";
                        } | {
                            allowedMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            mfaToken: string;
                            /** @enum {string} */
                            status: "mfa_enrollment_required";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/mfa/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        method: "email" | "sms" | "webauthn";
                        mfaToken: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            destination: string;
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            /** @enum {string} */
                            method: "email" | "sms";
                            resendAfterSeconds: number;
                        } | {
                            /** @enum {string} */
                            method: "webauthn";
                            options: {
                                challenge: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        /** @enum {string} */
                        method: "totp" | "email" | "sms" | "webauthn" | "backup_code";
                        mfaToken: string;
                        rememberBrowser?: boolean;
                        response?: {
                            id: string;
                            rawId: string;
                            response: {
                                clientDataJSON: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            type: "public-key";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            session: {
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                token: string;
                            };
                            /** @enum {string} */
                            status: "authenticated";
                            user: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                email: string;
                                emailVerified: boolean;
                                id: string;
                                /** @enum {string|null} */
                                locale: "en" | "zh-CN" | "de" | "es" | "fr" | null;
                                mfaEnabled: boolean;
                                name: string | null;
                                orgId: string | null;
                                /** @enum {string} */
                                role: "system_admin" | "org_admin" | "member";
                            };
                        } | {
                            allowedMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            mfaToken: string;
                            /** @enum {string} */
                            status: "mfa_enrollment_required";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/passkey/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            challengeId: string;
                            options: {
                                challenge: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/passkey/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        challengeId: string;
                        response: {
                            id: string;
                            rawId: string;
                            response: {
                                clientDataJSON: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            type: "public-key";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            mfaEnrollmentDeadline?: string;
                            rememberedBrowser?: boolean;
                            requiredBy?: {
                                /** @enum {string} */
                                kind: "system" | "organization";
                                name: string;
                            };
                            session: {
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                token: string;
                            };
                            /** @enum {string} */
                            status: "authenticated";
                            user: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                email: string;
                                emailVerified: boolean;
                                id: string;
                                /** @enum {string|null} */
                                locale: "en" | "zh-CN" | "de" | "es" | "fr" | null;
                                mfaEnabled: boolean;
                                name: string | null;
                                orgId: string | null;
                                /** @enum {string} */
                                role: "system_admin" | "org_admin" | "member";
                            };
                        } | {
                            allowedMethods?: ("totp" | "email" | "sms" | "webauthn")[];
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            methods: ("totp" | "email" | "sms" | "webauthn" | "backup_code")[];
                            mfaToken: string;
                            /** @enum {string|null} */
                            preferredMethod?: "totp" | "email" | "sms" | "webauthn" | "backup_code" | null;
                            rememberBrowserDays?: number;
                            /** @enum {boolean} */
                            replaceFactor?: true;
                            /** @enum {string} */
                            status: "mfa_required";
                        } | {
                            allowedMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            mfaToken: string;
                            /** @enum {string} */
                            status: "mfa_enrollment_required";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            message: string;
                            /** @enum {string} */
                            status: "accepted";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/reauth": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        /** @enum {string} */
                        method?: "totp" | "email" | "sms" | "webauthn" | "backup_code";
                        password?: string;
                        response?: {
                            id: string;
                            rawId: string;
                            response: {
                                clientDataJSON: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            type: "public-key";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            reauthenticatedUntil: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/reauth/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        method: "email" | "sms" | "webauthn";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            destination: string;
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            /** @enum {string} */
                            method: "email" | "sms";
                            resendAfterSeconds: number;
                        } | {
                            /** @enum {string} */
                            method: "webauthn";
                            options: {
                                challenge: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            session: {
                                amr: string[];
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                /** @description ISO-8601 UTC instant */
                                reauthenticatedUntil: string;
                            };
                            user: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                email: string;
                                emailVerified: boolean;
                                id: string;
                                /** @enum {string|null} */
                                locale: "en" | "zh-CN" | "de" | "es" | "fr" | null;
                                mfaEnabled: boolean;
                                name: string | null;
                                orgId: string | null;
                                /** @enum {string} */
                                role: "system_admin" | "org_admin" | "member";
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        name?: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            mfaEnrollmentDeadline?: string;
                            rememberedBrowser?: boolean;
                            requiredBy?: {
                                /** @enum {string} */
                                kind: "system" | "organization";
                                name: string;
                            };
                            session: {
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                token: string;
                            };
                            /** @enum {string} */
                            status: "authenticated";
                            user: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                email: string;
                                emailVerified: boolean;
                                id: string;
                                /** @enum {string|null} */
                                locale: "en" | "zh-CN" | "de" | "es" | "fr" | null;
                                mfaEnabled: boolean;
                                name: string | null;
                                orgId: string | null;
                                /** @enum {string} */
                                role: "system_admin" | "org_admin" | "member";
                            };
                        } | {
                            allowedMethods?: ("totp" | "email" | "sms" | "webauthn")[];
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            methods: ("totp" | "email" | "sms" | "webauthn" | "backup_code")[];
                            mfaToken: string;
                            /** @enum {string|null} */
                            preferredMethod?: "totp" | "email" | "sms" | "webauthn" | "backup_code" | null;
                            rememberBrowserDays?: number;
                            /** @enum {boolean} */
                            replaceFactor?: true;
                            /** @enum {string} */
                            status: "mfa_required";
                        } | {
                            allowedMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            mfaToken: string;
                            /** @enum {string} */
                            status: "mfa_enrollment_required";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dev/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            messages: {
                                /** @description ISO-8601 UTC instant */
                                at: string;
                                /** @enum {string} */
                                channel: "email" | "sms";
                                id: string;
                                subject: string | null;
                                text: string;
                                to: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allowedMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            backupCodes: {
                                remaining: number;
                                total: number;
                            };
                            canDisable: boolean;
                            disableBlockedReason: string | null;
                            enabled: boolean;
                            /** @description ISO-8601 UTC instant */
                            enrollmentDeadline: string | null;
                            factors: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                destination?: string;
                                id: string;
                                label: string | null;
                                /** @description ISO-8601 UTC instant */
                                lastUsedAt: string | null;
                                preferred: boolean;
                                removable: boolean;
                                removeBlockedReason: string | null;
                                /** @enum {string} */
                                type: "totp" | "email" | "sms" | "webauthn";
                                webauthn?: {
                                    backedUp: boolean;
                                    /** @enum {string} */
                                    deviceType: "singleDevice" | "multiDevice";
                                };
                            }[];
                            required: boolean;
                            requiredBy: {
                                /** @enum {string} */
                                kind: "system" | "organization";
                                name: string;
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: {
                                /** @description ISO-8601 UTC instant */
                                at: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: string;
                                ip: string | null;
                                type: string;
                                userAgent: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/backup-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backupCodes: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/email/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        factorId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backupCodes: string[] | null;
                            factor: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                id: string;
                                label: string | null;
                                /** @description ISO-8601 UTC instant */
                                lastUsedAt: string | null;
                                preferred: boolean;
                                /** @enum {string} */
                                type: "totp" | "email" | "sms" | "webauthn";
                                webauthn?: {
                                    backedUp: boolean;
                                    /** @enum {string} */
                                    deviceType: "singleDevice" | "multiDevice";
                                };
                            };
                            session?: {
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                token: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/email/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            destination: string;
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            factorId: string;
                            resendAfterSeconds: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/factors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        label: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO-8601 UTC instant */
                            createdAt: string;
                            id: string;
                            label: string | null;
                            /** @description ISO-8601 UTC instant */
                            lastUsedAt: string | null;
                            preferred: boolean;
                            /** @enum {string} */
                            type: "totp" | "email" | "sms" | "webauthn";
                            webauthn?: {
                                backedUp: boolean;
                                /** @enum {string} */
                                deviceType: "singleDevice" | "multiDevice";
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/mfa/preferred": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        factorId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allowedMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            backupCodes: {
                                remaining: number;
                                total: number;
                            };
                            canDisable: boolean;
                            disableBlockedReason: string | null;
                            enabled: boolean;
                            /** @description ISO-8601 UTC instant */
                            enrollmentDeadline: string | null;
                            factors: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                destination?: string;
                                id: string;
                                label: string | null;
                                /** @description ISO-8601 UTC instant */
                                lastUsedAt: string | null;
                                preferred: boolean;
                                removable: boolean;
                                removeBlockedReason: string | null;
                                /** @enum {string} */
                                type: "totp" | "email" | "sms" | "webauthn";
                                webauthn?: {
                                    backedUp: boolean;
                                    /** @enum {string} */
                                    deviceType: "singleDevice" | "multiDevice";
                                };
                            }[];
                            required: boolean;
                            requiredBy: {
                                /** @enum {string} */
                                kind: "system" | "organization";
                                name: string;
                            } | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/sms/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        factorId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backupCodes: string[] | null;
                            factor: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                id: string;
                                label: string | null;
                                /** @description ISO-8601 UTC instant */
                                lastUsedAt: string | null;
                                preferred: boolean;
                                /** @enum {string} */
                                type: "totp" | "email" | "sms" | "webauthn";
                                webauthn?: {
                                    backedUp: boolean;
                                    /** @enum {string} */
                                    deviceType: "singleDevice" | "multiDevice";
                                };
                            };
                            session?: {
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                token: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/sms/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        phone: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            destination: string;
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            factorId: string;
                            resendAfterSeconds: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        factorId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backupCodes: string[] | null;
                            factor: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                id: string;
                                label: string | null;
                                /** @description ISO-8601 UTC instant */
                                lastUsedAt: string | null;
                                preferred: boolean;
                                /** @enum {string} */
                                type: "totp" | "email" | "sms" | "webauthn";
                                webauthn?: {
                                    backedUp: boolean;
                                    /** @enum {string} */
                                    deviceType: "singleDevice" | "multiDevice";
                                };
                            };
                            session?: {
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                token: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/totp/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            factorId: string;
                            otpauthUri: string;
                            qrCodeDataUrl: string;
                            secret: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/webauthn/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        factorId: string;
                        response: {
                            id: string;
                            rawId: string;
                            response: {
                                clientDataJSON: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            type: "public-key";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backupCodes: string[] | null;
                            factor: {
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                id: string;
                                label: string | null;
                                /** @description ISO-8601 UTC instant */
                                lastUsedAt: string | null;
                                preferred: boolean;
                                /** @enum {string} */
                                type: "totp" | "email" | "sms" | "webauthn";
                                webauthn?: {
                                    backedUp: boolean;
                                    /** @enum {string} */
                                    deviceType: "singleDevice" | "multiDevice";
                                };
                            };
                            session?: {
                                /** @description ISO-8601 UTC instant */
                                expiresAt: string;
                                token: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mfa/webauthn/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            factorId: string;
                            options: {
                                challenge: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            grants: {
                                clientId: string;
                                /** @description ISO-8601 UTC instant */
                                createdAt: string;
                                name: string;
                                scopes: string[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/grants/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    clientId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public-config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            defaultLocale: "en" | "zh-CN" | "de" | "es" | "fr";
                            devOutbox: boolean;
                            enabledMethods: ("totp" | "email" | "sms" | "webauthn")[];
                            factorTypes: ("totp" | "email" | "sms" | "webauthn")[];
                            /** @enum {string} */
                            locale: "en" | "zh-CN" | "de" | "es" | "fr";
                            locales: ("en" | "zh-CN" | "de" | "es" | "fr")[];
                            methods: {
                                backupCodes: boolean;
                                email: boolean;
                                sms: boolean;
                                totp: boolean;
                                webauthn: boolean;
                            };
                            productName: string;
                            signupEnabled: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        externalId: string;
                        /** @enum {string} */
                        method: "email" | "sms";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            destination: string;
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            resendAfterSeconds: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{externalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            externalId: string;
                            locked: boolean;
                            methods: ("totp" | "email" | "sms" | "webauthn" | "backup_code")[];
                            mfaEnabled: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{externalId}/enroll/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            destination: string;
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            factorId: string;
                            resendAfterSeconds: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{externalId}/enroll/email/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        factorId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backupCodes: string[] | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{externalId}/enroll/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        phone: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            destination: string;
                            /** @description ISO-8601 UTC instant */
                            expiresAt: string;
                            factorId: string;
                            resendAfterSeconds: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{externalId}/enroll/sms/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        factorId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backupCodes: string[] | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{externalId}/enroll/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email?: string;
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            factorId: string;
                            otpauthUri: string;
                            qrCodeDataUrl: string;
                            secret: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{externalId}/enroll/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        factorId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backupCodes: string[] | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        externalId: string;
                        /** @enum {string} */
                        method: "totp" | "email" | "sms" | "webauthn" | "backup_code";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            result: "accept";
                        } | {
                            attemptsRemaining: number;
                            lockoutAfterAttempts?: number;
                            lockoutSeconds?: number;
                            /**
                             * @description wrong; expired: the right email/SMS code, too late; used: the right code, already spent
                             * @enum {string}
                             */
                            reason: "wrong" | "expired" | "used";
                            /** @enum {string} */
                            result: "reject";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                attemptsRemaining?: number;
                /** @description snake_case code from the error table */
                code: string;
                details?: {
                    field: string;
                    /** @description invalid_format: the format; too_small/too_big: string, number or array */
                    kind?: string;
                    /** @description the bound too_small / too_big / a password length refers to */
                    limit?: number;
                    message: string;
                    /** @description a code for the problem: too_small, too_big, invalid_format, password_common, … */
                    reason?: string;
                }[];
                /** @description invalid_code: this many more wrong codes lock the account (1: the next one does) */
                lockoutAfterAttempts?: number;
                /** @description invalid_code: how long that lockout lasts */
                lockoutSeconds?: number;
                message: string;
                /** @description invalid_code: why the code was refused (wrong, expired, used); other codes: a detail */
                reason?: string;
                retryAfterSeconds?: number;
            } & {
                [key: string]: unknown;
            };
        };
        ErrorInput: {
            error: {
                attemptsRemaining?: number;
                /** @description snake_case code from the error table */
                code: string;
                details?: {
                    field: string;
                    /** @description invalid_format: the format; too_small/too_big: string, number or array */
                    kind?: string;
                    /** @description the bound too_small / too_big / a password length refers to */
                    limit?: number;
                    message: string;
                    /** @description a code for the problem: too_small, too_big, invalid_format, password_common, … */
                    reason?: string;
                }[];
                /** @description invalid_code: this many more wrong codes lock the account (1: the next one does) */
                lockoutAfterAttempts?: number;
                /** @description invalid_code: how long that lockout lasts */
                lockoutSeconds?: number;
                message: string;
                /** @description invalid_code: why the code was refused (wrong, expired, used); other codes: a detail */
                reason?: string;
                retryAfterSeconds?: number;
            } & {
                [key: string]: unknown;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
