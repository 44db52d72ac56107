/**
 * The HTTP API's types, generated from the OpenAPI document the server serves (/api/v1/openapi.json)
 * by openapi-typescript. Do not edit: run `npm run gen:api-types` after changing a route's schemas.
 */
export interface paths {
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with e-mail and password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LoginRequest"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token (cookie or body) for a new token pair; each refresh token works once */
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
                        refresh_token?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the current session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke every session of the current user (log out everywhere) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user and their organization */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update own preferences (name, interface language) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        locale?: "en" | "ru";
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/superadmin/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List organizations (status=pending for those awaiting activation) */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "active";
                    q?: string;
                    page?: number;
                    page_size?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Organization"][];
                            total: number;
                            page: number;
                            page_size: number;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an organization, optionally with its owner (invited by link, or mailed a generated password) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateOrganization"];
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organization"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/organizations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One organization */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organization"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an organization and its users; its devices stay registered, unbound */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit an organization: details, activation status, enabled products (activation mails the owners) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateOrganization"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organization"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/superadmin/organizations/{id}/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An organization's users */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"][];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a user (e.g. the owner) to an organization */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateMember"];
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List devices with filters; events_today counts events stored since midnight UTC */
        get: {
            parameters: {
                query?: {
                    organization_id?: number;
                    /** @description Only devices bound to no organization */
                    unassigned?: "true" | "false";
                    online?: "true" | "false";
                    /** @description blocked: devices refused by the broker and the bridge */
                    status?: "active" | "blocked";
                    /** @description Part of a MAC, with or without separators */
                    mac?: string;
                    simple_id?: number;
                    /** @description Free text: name, MAC, "#5", organization name */
                    q?: string;
                    page?: number;
                    page_size?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Device"][];
                            total: number;
                            page: number;
                            page_size: number;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Pre-register a device; answers its token and dashboard password once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateDevice"];
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedDevice"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A device: binding, desired vs reported config, reported status, rejected events */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeviceDetail"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a device (its receiver number is never reused) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, bind/unbind (organization_id null) or block/unblock a device */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateDevice"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeviceDetail"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/superadmin/devices/{id}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a device's config overrides; the merged config is pushed with a new version */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DeviceConfigOverrides"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeviceDetail"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/devices/{id}/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new device token; the old one stops working at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            token: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/devices/{id}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a command to a connected device and wait for its ack (409 device_offline, 504 command_timeout) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DeviceCommandRequest"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeviceCommandAck"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform settings (auto-registration of new devices) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlatformSettings"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Switch auto-registration of new devices on or off */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdatePlatformSettings"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlatformSettings"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/client/organization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's organization, its status and enabled products */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organization"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Devices online and offline, events stored today (the dashboard’s numbers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrganizationOverview"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's receivers with events stored in the period */
        get: {
            parameters: {
                query?: {
                    online?: "true" | "false";
                    /** @description Name, MAC or receiver number */
                    q?: string;
                    /** @description a preset, counted in local days; overrides from/to */
                    period?: "today" | "yesterday" | "week" | "month";
                    /** @description Start of the period (ISO 8601); default: midnight today in the organization’s time zone */
                    from?: string;
                    /** @description End of the period (ISO 8601); default: now */
                    to?: string;
                    page?: number;
                    page_size?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ClientDevice"][];
                            total: number;
                            page: number;
                            page_size: number;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the organization’s receivers, with its reported status */
        get: {
            parameters: {
                query?: {
                    /** @description a preset, counted in local days; overrides from/to */
                    period?: "today" | "yesterday" | "week" | "month";
                    /** @description Start of the period (ISO 8601); default: midnight today in the organization’s time zone */
                    from?: string;
                    /** @description End of the period (ISO 8601); default: now */
                    to?: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ClientDeviceDetail"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a receiver or change its notes (roles that configure devices) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateClientDevice"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ClientDeviceDetail"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/client/devices/{id}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a receiver's config overrides (validated against the products' schemas); pushed with a new version */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DeviceConfigOverrides"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ClientDeviceDetail"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's users with their location grants (owner only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"][];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a user with a role (owner only): by invitation link (default), generated password, or a chosen password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateClientUser"];
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role, name, active or read-only flag, or location grants (owner only; not one's own role) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateClientUser"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/registration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A scanner registers (auto-registration) or claims its pre-registered credentials */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LegacyRegistration"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LegacyRegistered"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The device's merged config and its version */
        get: {
            parameters: {
                query: {
                    /** @description the device MAC */
                    device_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/ble": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a ble batch; 200 only once it is stored (a retry of the same bytes is stored once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LegacyBatch"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LegacyBatchStored"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/wifi": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a wifi batch; 200 only once it is stored (a retry of the same bytes is stored once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LegacyBatch"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LegacyBatchStored"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/temperature": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a temperature batch; 200 only once it is stored (a retry of the same bytes is stored once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LegacyBatch"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LegacyBatchStored"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register an organization and its owner; a verification link is mailed (same answer for a registered address) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SignUp"];
                };
            };
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Accepted"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an e-mail address with the token from the verification mail */
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
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EmailResult"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/resend-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail the verification link again (same answer for any address; rate-limited) */
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
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Accepted"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/forgot-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a password reset link (same answer for any address; rate-limited per IP and per address) */
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
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Accepted"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with the token from the reset mail; every session of the user ends */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PasswordLink"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EmailResult"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/set-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose the first password with the token from an invitation mail */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PasswordLink"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EmailResult"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/links/inspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Whether a link from a mail still works, and for which address (does not use it up) */
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
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            purpose: "verify_email" | "reset_password" | "set_password" | "change_email";
                            email: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/confirm-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a new e-mail address with the token mailed to it */
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
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EmailResult"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change one's own password (also the forced change after a generated one); other sessions end */
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
                        current_password: string;
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/change-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change one's own e-mail: a confirmation link goes to the new address */
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
                        /** Format: email */
                        new_email: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Accepted"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending invitations (owner only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invitation"][];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/invitations/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send an invitation again with a new link; the old link stops working (id = the invited user) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invitation"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw an invitation: the invited account is removed and its link stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/superadmin/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Outgoing mails, newest first, with status, attempts and last error; says whether SMTP is configured */
        get: {
            parameters: {
                query?: {
                    status?: "queued" | "sending" | "sent" | "failed" | "no_smtp";
                    q?: string;
                    page?: number;
                    page_size?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["OutboxMail"][];
                            total: number;
                            page: number;
                            page_size: number;
                            /** @description Without SMTP_URL mails stay here marked no_smtp */
                            smtp_configured: boolean;
                            /** @description Mails per status */
                            counts: {
                                [key: string]: number;
                            };
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/outbox/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a mail again for an immediate attempt (failed, held without SMTP, or already sent) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OutboxMail"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/devices/{id}/terminal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a web terminal (SSH to the device through its tunnel); 409 device_offline, 429 terminal_limit_reached */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TerminalRequest"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TerminalTicket"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/devices/{id}/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open the device's own web dashboard through its tunnel (waits up to TUNNEL_OPEN_TIMEOUT_SECONDS for the device to dial) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DashboardLink"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/devices/{id}/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open one of the organization's devices' own web dashboard through its tunnel */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DashboardLink"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/devices/{id}/tunnel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The device's tunnel, if one is open */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TunnelStatus"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Close the device's tunnel now (its terminals and dashboards end) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/superadmin/devices/{id}/tunnel-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Terminal and dashboard sessions over the device’s tunnels, newest first (who, from where, how long, bytes, why it ended) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["TunnelSession"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Headline metrics of the period */
        get: {
            parameters: {
                query?: {
                    /** @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to */
                    period?: "today" | "yesterday" | "week" | "month" | "custom";
                    /** @description custom: first local date (inclusive) */
                    from?: string;
                    /** @description custom: last local date (inclusive) */
                    to?: string;
                    /** @description previous: add the previous period and each metric’s change */
                    compare?: "previous";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WifiSummary"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/heatmap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Arrivals by hour of the week, averaged over the period */
        get: {
            parameters: {
                query?: {
                    /** @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to */
                    period?: "today" | "yesterday" | "week" | "month" | "custom";
                    /** @description custom: first local date (inclusive) */
                    from?: string;
                    /** @description custom: last local date (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WifiHourOfWeek"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Uniques, visitors, visits and events per local day or hour */
        get: {
            parameters: {
                query?: {
                    /** @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to */
                    period?: "today" | "yesterday" | "week" | "month" | "custom";
                    /** @description custom: first local date (inclusive) */
                    from?: string;
                    /** @description custom: last local date (inclusive) */
                    to?: string;
                    granularity?: "day" | "hour";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WifiSeries"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/dwell": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Visits by dwell time */
        get: {
            parameters: {
                query?: {
                    /** @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to */
                    period?: "today" | "yesterday" | "week" | "month" | "custom";
                    /** @description custom: first local date (inclusive) */
                    from?: string;
                    /** @description custom: last local date (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WifiDwellHistogram"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/vendors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Top vendors of real (non-randomized) MACs */
        get: {
            parameters: {
                query?: {
                    /** @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to */
                    period?: "today" | "yesterday" | "week" | "month" | "custom";
                    /** @description custom: first local date (inclusive) */
                    from?: string;
                    /** @description custom: last local date (inclusive) */
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WifiVendors"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/receivers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per receiver: events and distinct devices heard */
        get: {
            parameters: {
                query?: {
                    /** @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to */
                    period?: "today" | "yesterday" | "week" | "month" | "custom";
                    /** @description custom: first local date (inclusive) */
                    from?: string;
                    /** @description custom: last local date (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WifiReceivers"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/receivers.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The receivers table as CSV (receiver, name, status, events, devices heard) */
        get: {
            parameters: {
                query?: {
                    /** @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to */
                    period?: "today" | "yesterday" | "week" | "month" | "custom";
                    /** @description custom: first local date (inclusive) */
                    from?: string;
                    /** @description custom: last local date (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/thresholds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How sightings become visits and visitors for this organization */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WifiThresholds"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Change the visitor thresholds (roles that configure devices) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WifiThresholds"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WifiThresholds"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export history: who exported what, when, and how big */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Export"][];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start an export of raw WiFi events; poll it for progress, then download */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WifiExportRequest"];
                };
            };
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Export"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One export, with its progress */
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
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Export"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/wifi/exports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a finished export (CSV, or a JSON array) */
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
                /** @description A file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                        "application/json": string;
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/temperature/sensors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every sensor: latest reading, its age, thresholds and where the reading stands */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sensors: components["schemas"]["TemperatureSensor"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/temperature/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sensors whose latest reading is outside their thresholds */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: components["schemas"]["TemperatureSensor"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/temperature/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One sensor: min, average and max per local hour or day of the period */
        get: {
            parameters: {
                query: {
                    /** @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to */
                    period?: "today" | "yesterday" | "week" | "month" | "custom";
                    /** @description custom: first local date (inclusive) */
                    from?: string;
                    /** @description custom: last local date (inclusive) */
                    to?: string;
                    device_id: number;
                    sensor: string;
                    granularity?: "hour" | "day";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemperatureSeries"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/temperature/thresholds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert thresholds of every sensor that has them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            thresholds: components["schemas"]["TemperatureSensorThreshold"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/temperature/thresholds/{device_id}/{sensor}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a sensor's thresholds: too cold below min_celsius, too hot above max_celsius */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    device_id: number;
                    sensor: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TemperatureThreshold"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemperatureSensorThreshold"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Remove a sensor's thresholds */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    device_id: number;
                    sensor: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/ble/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization’s locations (sites) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            locations: components["schemas"]["BleLocation"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a location */
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
                        /** @default  */
                        address?: string;
                        /** @example Europe/Moscow */
                        timezone: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleLocation"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/locations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One location */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleLocation"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a location with its plans, zones and receiver placements */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a location or change its address or time zone */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @default  */
                        address?: string;
                        /** @example Europe/Moscow */
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleLocation"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/client/ble/locations/{id}/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The plans (floors) of a location */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            plans: components["schemas"]["BlePlan"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Upload a plan image (PNG or JPEG, at most 20971520 bytes and 50000000 pixels); walls are traced in the background */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        name: string;
                        /**
                         * Format: binary
                         * @description the file, at most 20971520 bytes
                         */
                        image: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BlePlan"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One plan with its scale, walls and labels */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BlePlan"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a plan with its zones and image */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a plan, set its scale, or replace its walls and labels */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @description set by a reference line: its length in metres over its length in image pixels */
                        metres_per_pixel?: number;
                        walls?: number[][][];
                        labels?: {
                            x: number;
                            y: number;
                            text: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BlePlan"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/client/ble/plans/{id}/image": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The plan image as stored (re-encoded PNG or JPEG) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/png": string;
                        "image/jpeg": string;
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/plans/{id}/zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The zones of a plan, by number */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            zones: components["schemas"]["BleZone"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Draw a zone: it gets the plan’s next number (never reused); the polygon must be simple and inside the plan */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        colour: string;
                        polygon: number[][];
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleZone"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/zones/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a zone (its number is not given to another) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, recolour or reshape a zone */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        colour?: string;
                        polygon?: number[][];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleZone"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/client/ble/locations/{id}/receivers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The receivers assigned to a location and where they stand on its plans */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            receivers: components["schemas"]["BleReceiver"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/receivers/{device_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Assign a receiver to a location and optionally place it on one of its plans (x, y in metres, rotation, mounting height) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    device_id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        location_id: number;
                        /** @default null */
                        plan_id?: number | null;
                        /** @default null */
                        x?: number | null;
                        /** @default null */
                        y?: number | null;
                        /** @default 0 */
                        rotation_deg?: number;
                        /** @default 2.5 */
                        height_m?: number;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleReceiver"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Take a receiver off its location */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    device_id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/ble/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tags with search by name and filter by type; status from the last sightings */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    type?: "person" | "asset" | "vehicle";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tags: components["schemas"]["BleTagStatus"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Register a tag (iBeacon UUID + major + minor, unique in the organization) */
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
                        /** @example f7826da64fa24e988024bc5b71e0893e */
                        uuid: string;
                        major: number;
                        minor: number;
                        /** @enum {string} */
                        type: "person" | "asset" | "vehicle";
                        name: string;
                        /** @default  */
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleTag"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/tags/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tag */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleTag"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a tag (and its photo) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a tag */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example f7826da64fa24e988024bc5b71e0893e */
                        uuid?: string;
                        major?: number;
                        minor?: number;
                        /** @enum {string} */
                        type?: "person" | "asset" | "vehicle";
                        name?: string;
                        /** @default  */
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleTag"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/client/ble/tags/{id}/photo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tag's photo as stored (re-encoded PNG or JPEG) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/png": string;
                        "image/jpeg": string;
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Set a tag's photo (PNG or JPEG, at most 10485760 bytes; shrunk to 1024 px) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description the file, at most 10485760 bytes
                         */
                        photo: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleTag"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Remove a tag's photo */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/ble/plans/{id}/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The live map’s current state (the WebSocket /api/v1/client/ble/live pushes the same, then every round of fixes; this is its polling fallback) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleLiveSnapshot"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/plans/{id}/track": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Playback: positions of the plan’s tags (or one tag) over a period, at most 720 frames per tag */
        get: {
            parameters: {
                query: {
                    /** @description start (inclusive), ISO 8601 with offset */
                    from: string;
                    /** @description end (exclusive); at most 31 days after `from` */
                    to: string;
                    tag_id?: number;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleTrack"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/plans/{id}/heatmap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where tags spent time: fixes per 0.5 m cell over the hours of a period */
        get: {
            parameters: {
                query: {
                    /** @description start (inclusive), ISO 8601 with offset */
                    from: string;
                    /** @description end (exclusive); at most 31 days after `from` */
                    to: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleHeatmap"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/plans/{id}/zone-stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Busiest zones and time in each zone, per zone and per tag, over a period */
        get: {
            parameters: {
                query: {
                    /** @description start (inclusive), ISO 8601 with offset */
                    from: string;
                    /** @description end (exclusive); at most 31 days after `from` */
                    to: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleZoneStats"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/plans/{id}/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Routes through zones per tag and the most common ones; stays shorter than min_stay_s (default 60) are pass-throughs and left out */
        get: {
            parameters: {
                query: {
                    /** @description start (inclusive), ISO 8601 with offset */
                    from: string;
                    /** @description end (exclusive); at most 31 days after `from` */
                    to: string;
                    tag_id?: number;
                    min_stay_s?: number | null;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BleRoutes"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export history: who exported what, when, and how big */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Export"][];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start an export of a plan’s positions or zone visits; poll it for progress, then download */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BleExportRequest"];
                };
            };
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Export"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One export, with its progress */
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
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Export"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/exports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a finished export (CSV, or a JSON array) */
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
                /** @description A file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                        "application/json": string;
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/ble/positioning": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Positioning parameters: effective, overridden by the organization, and the defaults */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BlePositioningSettings"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Replace the organization's overrides (keys left out take the defaults; {} resets all); the engine applies them at once */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BlePositioningOverrides"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BlePositioningSettings"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/monitoring/host": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Host figures now: CPU, memory, network, load, disk io and usage (the prototype's shape) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HostSnapshot"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/monitoring/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent samples of host rates and platform figures (devices online, events/s, queue depth, INSERT time) for live charts */
        get: {
            parameters: {
                query?: {
                    /** @description only samples taken after this instant */
                    since?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            interval_ms: number;
                            samples: components["schemas"]["MonitoringSample"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/monitoring/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active alerts and recently resolved ones */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: components["schemas"]["Alert"][];
                            recent: components["schemas"]["Alert"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My live sessions (where I am signed in) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"][];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign one of my sessions out (another browser, a lost phone) */
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
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/superadmin/organizations/{id}/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a member's role, name or active flag (a user of another organization answers 404) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                    userId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateMember"];
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/superadmin/organizations/{id}/users/{userId}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a member's password (they forgot it); all their sessions end */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                    userId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ResetMemberPassword"];
                };
            };
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/audit/page-views": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report a page the user opened (the web app calls this on navigation) */
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
                        path: string;
                        /** @description what the page shows, e.g. the location's name */
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your organization's audit log, newest first (owner and admin) */
        get: {
            parameters: {
                query?: {
                    /** @description part of the acting user's e-mail */
                    user?: string;
                    user_id?: number;
                    /** @description the action category (login, data_view, update…) */
                    kind?: "login" | "login_failed" | "logout" | "page_view" | "data_view" | "export" | "create" | "update" | "delete" | "access" | "denied";
                    /** @description location, tag, device, user… */
                    object_type?: string;
                    object_id?: string;
                    from?: string;
                    to?: string;
                    /** @description language of kind_label, object_text and line */
                    lang?: "en" | "ru";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditPage"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log of every organization and of the platform, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description part of the acting user's e-mail */
                    user?: string;
                    user_id?: number;
                    /** @description the action category (login, data_view, update…) */
                    kind?: "login" | "login_failed" | "logout" | "page_view" | "data_view" | "export" | "create" | "update" | "delete" | "access" | "denied";
                    /** @description location, tag, device, user… */
                    object_type?: string;
                    object_id?: string;
                    from?: string;
                    to?: string;
                    /** @description language of kind_label, object_text and line */
                    lang?: "en" | "ru";
                    limit?: number;
                    cursor?: string;
                    /** @description one organization's log */
                    organization_id?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditPage"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your organization's audit log as CSV (the download is itself recorded) */
        get: {
            parameters: {
                query?: {
                    /** @description part of the acting user's e-mail */
                    user?: string;
                    user_id?: number;
                    /** @description the action category (login, data_view, update…) */
                    kind?: "login" | "login_failed" | "logout" | "page_view" | "data_view" | "export" | "create" | "update" | "delete" | "access" | "denied";
                    /** @description location, tag, device, user… */
                    object_type?: string;
                    object_id?: string;
                    from?: string;
                    to?: string;
                    /** @description language of kind_label, object_text and line */
                    lang?: "en" | "ru";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log as CSV (the download is itself recorded) */
        get: {
            parameters: {
                query?: {
                    /** @description part of the acting user's e-mail */
                    user?: string;
                    user_id?: number;
                    /** @description the action category (login, data_view, update…) */
                    kind?: "login" | "login_failed" | "logout" | "page_view" | "data_view" | "export" | "create" | "update" | "delete" | "access" | "denied";
                    /** @description location, tag, device, user… */
                    object_type?: string;
                    object_id?: string;
                    from?: string;
                    to?: string;
                    /** @description language of kind_label, object_text and line */
                    lang?: "en" | "ru";
                    organization_id?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/client/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check your organization's hash chain; reports the first row that was altered or removed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditChainReport"][];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
    "/superadmin/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check every organization's hash chain (or one); reports each chain's first broken row */
        get: {
            parameters: {
                query?: {
                    /** @description 0 = the platform's own chain */
                    organization_id?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditChainReport"][];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        TokenResponse: {
            access_token: string;
            /** @description Also set as an httpOnly cookie; browsers should rely on the cookie */
            refresh_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            expires_in: number;
        };
        Error: {
            error: {
                code: string;
                message: string;
                details?: unknown;
            };
        };
        LoginRequest: {
            /** Format: email */
            email: string;
            password: string;
        };
        Me: {
            user: components["schemas"]["User"];
            organization: components["schemas"]["Organization"] | unknown;
            permissions: components["schemas"]["Permissions"];
        };
        User: {
            id: number;
            email: string;
            name: string;
            /** @enum {string} */
            role: "superadmin" | "owner" | "admin" | "manager" | "operator" | "viewer";
            organization_id: number | null;
            active: boolean;
            email_verified: boolean;
            locale: string;
            /** Format: date-time */
            last_login_at: string | null;
            /** Format: date-time */
            created_at: string | null;
            /** @description The password was generated and mailed; it must be changed first */
            must_change_password: boolean;
            /** @description Read-only mode: every change is refused, whatever the role */
            read_only: boolean;
            /** @description Invited by link and has not set a password yet */
            invited: boolean;
        };
        Organization: {
            id: number;
            name: string;
            phone: string | null;
            contact_email: string | null;
            /** @enum {string} */
            status: "pending" | "active";
            products: ("ble" | "wifi" | "temperature")[];
            timezone: string;
            /** Format: date-time */
            created_at: string | null;
            device_count?: number;
            user_count?: number;
            /** @description Owners who signed up and have not confirmed their e-mail yet */
            unverified_owner_count?: number;
        };
        /** @description What the server allows this user (role ∩ location grants ∩ read-only flag), for the UI to hide the rest */
        Permissions: {
            read_only: boolean;
            actions: {
                view_analytics: {
                    read: boolean;
                    write: boolean;
                };
                export_data: {
                    read: boolean;
                    write: boolean;
                };
                configure_devices: {
                    read: boolean;
                    write: boolean;
                };
                manage_tags: {
                    read: boolean;
                    write: boolean;
                };
                manage_users: {
                    read: boolean;
                    write: boolean;
                };
                edit_plans: {
                    read: boolean;
                    write: boolean;
                };
                view_audit: {
                    read: boolean;
                    write: boolean;
                };
            };
            /** @description 'all', or the granted locations with the effective access */
            locations: "all" | components["schemas"]["LocationGrant"][];
        };
        LocationGrant: {
            location_id: number;
            /**
             * @description read: look only; write: also change it
             * @enum {string}
             */
            access: "read" | "write";
        };
        CreateOrganization: {
            name: string;
            phone?: string | null;
            /** Format: email */
            contact_email?: string | null;
            /** @enum {string} */
            status?: "pending" | "active";
            products?: ("ble" | "wifi" | "temperature")[];
            /** @example Europe/Moscow */
            timezone?: string;
            /** @description Creates the owner account together with the organization */
            owner?: {
                /** Format: email */
                email: string;
                name?: string;
                /**
                 * @description invitation: a link to choose the password (default); generated_password: mailed, changed at first sign-in; password: the one given
                 * @enum {string}
                 */
                credentials?: "invitation" | "generated_password" | "password";
                /** @description Only with credentials = password; the creator passes it on */
                password?: string;
            };
        };
        UpdateOrganization: {
            name?: string;
            phone?: string | null;
            /** Format: email */
            contact_email?: string | null;
            /** @enum {string} */
            status?: "pending" | "active";
            products?: ("ble" | "wifi" | "temperature")[];
            /** @example Europe/Moscow */
            timezone?: string;
        };
        CreateMember: {
            /** Format: email */
            email: string;
            name?: string;
            /**
             * @description invitation: a link to choose the password (default); generated_password: mailed, changed at first sign-in; password: the one given
             * @enum {string}
             */
            credentials?: "invitation" | "generated_password" | "password";
            /** @description Only with credentials = password; the creator passes it on */
            password?: string;
            /** @enum {string} */
            role: "owner" | "admin" | "manager" | "operator" | "viewer";
        };
        Device: {
            id: number;
            simple_id: number;
            /** @example Receiver #5 */
            label: string;
            /** @example 38:54:39:4b:1b:ac */
            mac: string;
            name: string;
            /** @description a live MQTT session, or posts over the HTTP bridge within the last couple of minutes */
            online: boolean;
            /**
             * @description how the device is online: mqtt (connected) or http (posting); null when offline
             * @enum {string|null}
             */
            connection: "mqtt" | "http" | null;
            /** Format: date-time */
            last_seen_at: string | null;
            organization_id: number | null;
            organization_name: string | null;
            /** @enum {string} */
            status: "active" | "blocked";
            /** Format: date-time */
            registered_at: string | null;
            events_today: number;
        };
        CreatedDevice: {
            device: components["schemas"]["DeviceDetail"];
            /** @description Device token (MQTT password / HTTP bearer); shown only now */
            token: string;
            /** @description 8-digit password of the device's own dashboard */
            device_password: string;
        };
        DeviceDetail: components["schemas"]["Device"] & {
            config: {
                /** @description each product's section as JSON Schema: what overrides may set */
                schema: {
                    [key: string]: unknown;
                };
                defaults: {
                    [key: string]: unknown;
                };
                overrides: {
                    [key: string]: unknown;
                };
                merged: {
                    [key: string]: unknown;
                };
                desired_version: number;
                reported_version: number | null;
            };
            notes: string;
            reported_status: {
                [key: string]: unknown;
            } | null;
            rejected_events: number;
            last_error: string | null;
            /** Format: date-time */
            last_error_at: string | null;
        };
        CreateDevice: {
            /** @example 38:54:39:4b:1b:ac */
            mac: string;
            name?: string;
            organization_id?: number | null;
        };
        UpdateDevice: {
            name?: string;
            /** @description null unbinds the device */
            organization_id?: number | null;
            /** @enum {string} */
            status?: "active" | "blocked";
        };
        DeviceConfigOverrides: {
            /** @description Merged over the products’ default device config */
            overrides: {
                [key: string]: unknown;
            };
        };
        DeviceCommandAck: {
            id: string;
            ok: boolean;
            result?: unknown;
            error?: string;
        };
        DeviceCommandRequest: {
            /** @description A command the device firmware knows, e.g. "reboot" */
            name: string;
            args?: {
                [key: string]: unknown;
            };
            /**
             * @description How long to wait for the ack
             * @default 10000
             */
            timeout_ms: number;
        };
        PlatformSettings: {
            auto_registration: {
                enabled: boolean;
                /** Format: date-time */
                last_device_at: string | null;
            };
        };
        UpdatePlatformSettings: {
            auto_registration: {
                enabled: boolean;
            };
        };
        OrganizationOverview: {
            devices: {
                total: number;
                online: number;
                offline: number;
            };
            /** @description events stored since local midnight, every product */
            events_today: number;
        };
        ClientDevice: {
            id: number;
            simple_id: number;
            /** @example Receiver #5 */
            label: string;
            /** @example 38:54:39:4b:1b:ac */
            mac: string;
            name: string;
            /** @description a live MQTT session, or posts over the HTTP bridge within the last couple of minutes */
            online: boolean;
            /**
             * @description how the device is online: mqtt (connected) or http (posting); null when offline
             * @enum {string|null}
             */
            connection: "mqtt" | "http" | null;
            /** Format: date-time */
            last_seen_at: string | null;
            events_in_period: number;
        };
        ClientDeviceDetail: components["schemas"]["ClientDevice"] & {
            reported_status: {
                [key: string]: unknown;
            } | null;
            notes: string;
            config: {
                /** @description each product's section as JSON Schema: what overrides may set */
                schema: {
                    [key: string]: unknown;
                };
                defaults: {
                    [key: string]: unknown;
                };
                overrides: {
                    [key: string]: unknown;
                };
                merged: {
                    [key: string]: unknown;
                };
                desired_version: number;
                reported_version: number | null;
            };
            /** @description the BLE location it is assigned to: it follows that location’s grants (null: the whole organization’s) */
            location_id: number | null;
        };
        UpdateClientDevice: {
            name?: string;
            notes?: string;
        };
        Member: components["schemas"]["User"] & {
            /** @description ignored while the role sees every location (owner, admin) */
            grants: components["schemas"]["LocationGrant"][];
        };
        CreateClientUser: {
            /** Format: email */
            email: string;
            name?: string;
            /** @enum {string} */
            role: "admin" | "manager" | "operator" | "viewer";
            /**
             * @description invitation: a link to choose the password (default); generated_password: mailed, changed at first sign-in; password: the one given
             * @enum {string}
             */
            credentials?: "invitation" | "generated_password" | "password";
            /** @description Only with credentials = password; the creator passes it on */
            password?: string;
        };
        UpdateClientUser: {
            /** @enum {string} */
            role?: "admin" | "manager" | "operator" | "viewer";
            active?: boolean;
            name?: string;
            /** @description brief: read-only mode, whatever the role */
            read_only?: boolean;
            /** @description replaces every grant: the locations a manager, operator or viewer sees, each read or write */
            grants?: {
                location_id: number;
                /** @enum {string} */
                access: "read" | "write";
            }[];
        };
        LegacyRegistered: {
            device_id: string;
            simple_id: number;
            device_token: string;
            device_password: string;
        };
        LegacyRegistration: {
            mac?: string;
            device_id?: string;
        };
        LegacyBatchStored: {
            /** @enum {string} */
            status: "ok";
            stored: number;
            rejected: number;
            duplicate: boolean;
        };
        /** @description Events as the device saw them; see docs/device-protocol.md for each product’s fields */
        LegacyBatch: {
            [key: string]: unknown;
        }[] | {
            events: {
                [key: string]: unknown;
            }[];
        };
        /** @description The same answer whether or not the address has an account */
        Accepted: {
            /** @enum {string} */
            status: "accepted";
        };
        SignUp: {
            /** Format: email */
            email: string;
            password: string;
            /** @description Company name */
            organization: string;
            phone: string;
            name?: string;
            /**
             * @description Language of the mails and the interface
             * @default en
             * @enum {string}
             */
            locale: "en" | "ru";
        };
        EmailResult: {
            email: string;
        };
        PasswordLink: {
            token: string;
            password: string;
        };
        Invitation: {
            user: components["schemas"]["User"];
            /** Format: date-time */
            sent_at: string | null;
            /** Format: date-time */
            expires_at: string | null;
            /** @description The newest link has expired; resend to invite again */
            expired: boolean;
        };
        OutboxMail: {
            id: number;
            to: string;
            subject: string;
            kind: string;
            /** @enum {string} */
            status: "queued" | "sending" | "sent" | "failed" | "no_smtp";
            attempts: number;
            last_error: string | null;
            /** Format: date-time */
            next_attempt_at: string | null;
            /** Format: date-time */
            created_at: string | null;
            /** Format: date-time */
            sent_at: string | null;
            /** @description The plain-text body, links included: without SMTP this is how a newcomer follows them */
            text: string;
            /** @description The links in the mail */
            links: string[];
        };
        TerminalTicket: {
            session_id: string;
            /** @description One-time, valid 30 s: connect the WebSocket at `ws_path?ticket=…` with it */
            ticket: string;
            ws_path: string;
            /** @description An own session left within the grace period is taken over, screen and all */
            reattached: boolean;
        };
        TerminalRequest: {
            /**
             * @description Login name on the device's sshd
             * @default root
             */
            ssh_user: string;
        };
        DashboardLink: {
            /** @description The device's dashboard on a host of its own; show it in a sandboxed iframe */
            url: string;
            session_id: string;
        };
        TunnelStatus: {
            /** @enum {string} */
            state: "none" | "dialing" | "up" | "redialing";
            /** Format: date-time */
            since: string | null;
            terminals: number;
            ports: number[];
        };
        TunnelSession: {
            id: string;
            /** @enum {string} */
            kind: "terminal" | "dashboard";
            user_email: string;
            client_ip: string | null;
            ssh_user: string | null;
            host_key_sha256: string | null;
            /** Format: date-time */
            started_at: string | null;
            /** Format: date-time */
            ended_at: string | null;
            end_reason: string | null;
            bytes_to_device: number;
            bytes_from_device: number;
        };
        WifiSummary: {
            period: {
                from: string;
                to: string;
                first_day: string;
                last_day: string;
                time_zone: string;
            };
            thresholds: components["schemas"]["WifiThresholds"];
            uniques: {
                total: number;
                real: number;
                randomized: number;
            };
            visitors: {
                total: number;
                real: number;
                randomized: number;
            };
            passers_by: number;
            /** @description visitors / uniques */
            capture_rate: number;
            visits: number;
            dwell: {
                mean_minutes: number;
                median_minutes: number;
            };
            /** @description visitors with visits on more than one local day of the period */
            repeat_visitors: number;
            new_visitors: number;
            /** @description visitors first seen before the period began */
            returning_visitors: number;
            events: number;
            /** @description with compare=previous: the period just before, as long, and each metric’s change */
            comparison?: {
                period: {
                    from: string;
                    to: string;
                    first_day: string;
                    last_day: string;
                    time_zone: string;
                };
                changes: {
                    uniques?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    visitors?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    passers_by?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    capture_rate?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    visits?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    dwell_mean_minutes?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    dwell_median_minutes?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    events?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    repeat_visitors?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    new_visitors?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                    returning_visitors?: {
                        previous: number;
                        /** @description current − previous */
                        change: number;
                        /** @description change / previous; null when previous is 0 */
                        ratio: number | null;
                    };
                };
            };
        };
        WifiThresholds: {
            /** @default -85 */
            rssi_floor_dbm: number;
            /** @default -75 */
            visitor_rssi_dbm: number;
            /** @default 5 */
            min_visit_minutes: number;
            /** @default 15 */
            visit_gap_minutes: number;
        };
        WifiHourOfWeek: {
            period: {
                from: string;
                to: string;
                first_day: string;
                last_day: string;
                time_zone: string;
            };
            cells: {
                /** @description ISO weekday, 1 = Monday */
                weekday: number;
                hour: number;
                /** @description how many of this weekday the period holds */
                days: number;
                /** @description devices arriving in this hour, average per day */
                uniques: number;
                /** @description visitors arriving in this hour, average per day */
                visitors: number;
            }[];
        };
        WifiSeries: {
            period: {
                from: string;
                to: string;
                first_day: string;
                last_day: string;
                time_zone: string;
            };
            /** @enum {string} */
            granularity: "day" | "hour";
            points: {
                /** @description local date (day) or local hour start (hour) */
                bucket: string;
                uniques: number;
                uniques_real: number;
                uniques_randomized: number;
                visitors: number;
                visits: number;
                events: number;
            }[];
        };
        WifiDwellHistogram: {
            period: {
                from: string;
                to: string;
                first_day: string;
                last_day: string;
                time_zone: string;
            };
            buckets: {
                from_minutes: number;
                to_minutes: number | null;
                visits: number;
            }[];
        };
        WifiVendors: {
            period: {
                from: string;
                to: string;
                first_day: string;
                last_day: string;
                time_zone: string;
            };
            vendors: {
                vendor: string;
                devices: number;
                visitors: number;
            }[];
        };
        WifiReceivers: {
            period: {
                from: string;
                to: string;
                first_day: string;
                last_day: string;
                time_zone: string;
            };
            receivers: {
                id: number;
                label: string;
                name: string;
                online: boolean;
                /** @description monitor mode on in its config (wifi.monitor_enabled): only then does it hear probes */
                monitoring: boolean;
                events: number;
                devices: number;
            }[];
        };
        Export: {
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @description 0..1 */
            progress: number;
            format: string;
            /** @description what was asked for (each product sets its own) */
            parameters: {
                period?: string;
                first_day?: string;
                last_day?: string;
                time_zone?: string;
                fields?: string[];
                exclude_randomized?: boolean;
                kind?: string;
                plan_id?: number;
                from?: string;
                to?: string;
            };
            rows: number;
            bytes: number;
            error: string | null;
            requested_by: string;
            /** Format: date-time */
            created_at: string | null;
            /** Format: date-time */
            finished_at: string | null;
        };
        WifiExportRequest: {
            /**
             * @description today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to
             * @default today
             * @enum {string}
             */
            period: "today" | "yesterday" | "week" | "month" | "custom";
            /** @description custom: first local date (inclusive) */
            from?: string;
            /** @description custom: last local date (inclusive) */
            to?: string;
            /**
             * @default csv
             * @enum {string}
             */
            format: "csv" | "json";
            /**
             * @default [
             *       "timestamp",
             *       "receiver",
             *       "receiver_mac",
             *       "client_mac",
             *       "randomized",
             *       "vendor",
             *       "rssi",
             *       "ssid",
             *       "channel",
             *       "frame_type"
             *     ]
             */
            fields: ("timestamp" | "receiver" | "receiver_mac" | "client_mac" | "randomized" | "vendor" | "rssi" | "ssid" | "channel" | "frame_type")[];
            /** @default false */
            exclude_randomized: boolean;
        };
        TemperatureSensor: {
            device_id: number;
            receiver: string;
            receiver_name: string;
            sensor: string;
            celsius: number;
            humidity: number | null;
            /** @description when the latest reading was taken */
            at: string;
            age_seconds: number;
            min_celsius: number | null;
            max_celsius: number | null;
            /** @enum {string} */
            state: "ok" | "too_cold" | "too_hot" | "no_thresholds";
        };
        TemperatureSeries: {
            period: {
                from: string;
                to: string;
                first_day: string;
                last_day: string;
                time_zone: string;
            };
            /** @enum {string} */
            granularity: "hour" | "day";
            device_id: number;
            sensor: string;
            points: {
                /** @description local date (day) or local hour start (hour) */
                bucket: string;
                readings: number;
                min_celsius: number;
                avg_celsius: number;
                max_celsius: number;
                avg_humidity: number | null;
            }[];
        };
        TemperatureSensorThreshold: {
            device_id: number;
            sensor: string;
            min_celsius: number | null;
            max_celsius: number | null;
        };
        TemperatureThreshold: {
            /** @default null */
            min_celsius: number | null;
            /** @default null */
            max_celsius: number | null;
        };
        BleLocation: {
            id: number;
            name: string;
            address: string;
            timezone: string;
        };
        BlePlan: {
            id: number;
            location_id: number;
            name: string;
            image_url: string;
            /** @enum {string} */
            image_type: "image/png" | "image/jpeg";
            width_px: number;
            height_px: number;
            metres_per_pixel: number;
            /** @description false until a reference line was drawn; the default scale is 5 cm per pixel */
            scale_set: boolean;
            width_m: number;
            height_m: number;
            /** @description wall polylines in metres */
            walls: number[][][];
            labels: {
                x: number;
                y: number;
                text: string;
            }[];
            /**
             * @description whether automatic wall tracing has finished
             * @enum {string}
             */
            walls_status: "pending" | "done" | "failed";
        };
        BleZone: {
            id: number;
            plan_id: number;
            /** @description unique on the plan and never reused */
            number: number;
            name: string;
            colour: string;
            polygon: number[][];
            /** @description planar (shoelace) area */
            area_m2: number;
        };
        BleReceiver: {
            device_id: number;
            simple_id: number;
            /** @example Receiver #5 */
            label: string;
            name: string;
            online: boolean;
            location_id: number;
            plan_id: number | null;
            x: number | null;
            y: number | null;
            rotation_deg: number;
            height_m: number;
        };
        BleTagStatus: components["schemas"]["BleTag"] & {
            /**
             * @description active: heard by a receiver or placed on a plan in the last 10 minutes
             * @enum {string}
             */
            status: "active" | "not_seen";
            last_seen_at: string | null;
            /** @example Receiver #5 */
            last_receiver: string | null;
            /** @description the plan the tag was last placed on (last 24 hours) */
            plan: {
                id: number;
                name: string;
                location_id: number;
            } | null;
            /** @description its zone there; null outside every zone or not placed */
            zone: {
                id: number;
                number: number;
                name: string;
            } | null;
        };
        BleTag: {
            id: number;
            uuid: string;
            major: number;
            minor: number;
            /** @enum {string} */
            type: "person" | "asset" | "vehicle";
            name: string;
            description: string;
            has_photo: boolean;
        };
        BleLiveSnapshot: {
            plan_id: number;
            /** Format: date-time */
            at: string;
            /** @description the latest fix of each tag seen in the last 10 minutes */
            fixes: components["schemas"]["BleLiveFix"][];
            /** @description tags now in each zone */
            zones: {
                /** @description null: outside every zone */
                zone_id: number | null;
                tags: number;
            }[];
            receivers: {
                device_id: number;
                online: boolean;
            }[];
        };
        BleLiveFix: {
            tag_id: number;
            /** Format: date-time */
            ts: string;
            x: number;
            y: number;
            /** @description error radius in metres (the halo) */
            error_m: number;
            /** @description null: outside every zone */
            zone_id: number | null;
            /** @description the receiver hearing the tag best */
            best_device_id: number;
            /** @description its smoothed RSSI, dBm */
            best_rssi: number;
        };
        BleTrack: {
            /** @description seconds per frame (positions are averaged per step) */
            step_s: number;
            tags: {
                tag_id: number;
                /** @description [epoch ms, x, y, zone id or null] */
                points: (number | (number | null))[][];
            }[];
        };
        BleHeatmap: {
            cell_m: number;
            max: number;
            /** @description [cell x, cell y, fixes]; a cell spans [x·cell_m, (x+1)·cell_m) */
            cells: number[][];
        };
        BleZoneStats: {
            zones: {
                /** @description null: outside every zone */
                zone_id: number | null;
                /** @description sum over minutes of the tags in the zone (busyness) */
                tag_minutes: number;
                /** @description most tags in the zone in one minute */
                peak: number;
                /** @description time tags spent in the zone */
                seconds: number;
                visits: number;
                /** @description distinct tags that visited */
                tags: number;
            }[];
            tags: {
                tag_id: number;
                total_s: number;
                zones: {
                    /** @description null: outside every zone */
                    zone_id: number | null;
                    seconds: number;
                    visits: number;
                }[];
            }[];
        };
        BleRoutes: {
            min_stay_s: number;
            tags: {
                tag_id: number;
                /** @description zone ids in order */
                route: number[];
                stays: {
                    zone_id: number;
                    /** Format: date-time */
                    enter: string;
                    /** Format: date-time */
                    exit: string;
                }[];
            }[];
            /** @description most walked runs of up to 3 zones */
            common: {
                zones: number[];
                tags: number;
                times: number;
            }[];
        };
        BleExportRequest: {
            /**
             * @description positions: every fix; zone_visits: stays in zones (zone empty = outside every zone)
             * @enum {string}
             */
            kind: "positions" | "zone_visits";
            plan_id: number;
            /** Format: date-time */
            from: string;
            /**
             * Format: date-time
             * @description exclusive; at most 31 days after `from`
             */
            to: string;
            /**
             * @default csv
             * @enum {string}
             */
            format: "csv" | "json";
        };
        BlePositioningSettings: {
            /** @description what the engine uses for this organization */
            effective: {
                /** @default 1000 */
                fix_interval_ms: number;
                /** @default 3 */
                path_loss_exponent: number;
                /** @default -59 */
                default_tx_power: number;
                /** @default 4000 */
                rssi_window_ms: number;
                /** @default 10000 */
                rssi_max_age_ms: number;
                /** @default 1 */
                tag_height_m: number;
                /** @default 20 */
                max_distance_m: number;
                /** @default 2 */
                max_speed_mps: number;
                /** @default 2 */
                zone_evidence_m: number;
                /** @default 2 */
                zone_max_step_m: number;
                /** @default 1 */
                zone_shallow_m: number;
                /** @default 20 */
                zone_fixes_any: number;
                /** @default 30000 */
                visit_timeout_ms: number;
            };
            /** @description what the organization chose */
            overrides: {
                fix_interval_ms?: number;
                path_loss_exponent?: number;
                default_tx_power?: number;
                rssi_window_ms?: number;
                rssi_max_age_ms?: number;
                tag_height_m?: number;
                max_distance_m?: number;
                max_speed_mps?: number;
                zone_evidence_m?: number;
                zone_max_step_m?: number;
                zone_shallow_m?: number;
                zone_fixes_any?: number;
                visit_timeout_ms?: number;
            };
            /** @description the installation's defaults (BLE_* variables) for every key not overridden */
            defaults: {
                /** @default 1000 */
                fix_interval_ms: number;
                /** @default 3 */
                path_loss_exponent: number;
                /** @default -59 */
                default_tx_power: number;
                /** @default 4000 */
                rssi_window_ms: number;
                /** @default 10000 */
                rssi_max_age_ms: number;
                /** @default 1 */
                tag_height_m: number;
                /** @default 20 */
                max_distance_m: number;
                /** @default 2 */
                max_speed_mps: number;
                /** @default 2 */
                zone_evidence_m: number;
                /** @default 2 */
                zone_max_step_m: number;
                /** @default 1 */
                zone_shallow_m: number;
                /** @default 20 */
                zone_fixes_any: number;
                /** @default 30000 */
                visit_timeout_ms: number;
            };
        };
        BlePositioningOverrides: {
            fix_interval_ms?: number;
            path_loss_exponent?: number;
            default_tx_power?: number;
            rssi_window_ms?: number;
            rssi_max_age_ms?: number;
            tag_height_m?: number;
            max_distance_m?: number;
            max_speed_mps?: number;
            zone_evidence_m?: number;
            zone_max_step_m?: number;
            zone_shallow_m?: number;
            zone_fixes_any?: number;
            visit_timeout_ms?: number;
        };
        HostSnapshot: {
            cpu: {
                /** @description % busy over the last sample interval */
                usage: number;
                cores: number;
            };
            memory: {
                /** @description MB */
                total: number;
                /** @description MB */
                used: number;
                percent: number;
            };
            network: {
                /** @description since boot, all interfaces but loopback */
                rx_bytes: number;
                tx_bytes: number;
            };
            load: {
                "1m": number;
                "5m": number;
                "15m": number;
            };
            disk: {
                io: {
                    /** @description since boot, whole disks */
                    read_bytes: number;
                    write_bytes: number;
                };
                usage: {
                    /** @description MB, the filesystem of the data dir */
                    total: number;
                    used: number;
                    percent: number;
                };
            };
            /** Format: date-time */
            timestamp: string;
        };
        MonitoringSample: {
            /** Format: date-time */
            at: string;
            cpu_percent: number;
            memory_percent: number;
            load_1m: number;
            disk_percent: number;
            network_rx_bytes_per_second: number;
            network_tx_bytes_per_second: number;
            disk_read_bytes_per_second: number;
            disk_write_bytes_per_second: number;
            devices_online: number;
            events_per_second: number;
            queue_depth: number;
            insert_ms: number | null;
        };
        Alert: {
            id: number;
            /** @enum {string} */
            kind: "receivers_offline" | "ingest_backlog" | "clickhouse_unavailable" | "disk_nearly_full";
            /** @enum {string} */
            severity: "warning" | "critical";
            /** Format: date-time */
            raised_at: string;
            /** Format: date-time */
            resolved_at: string | null;
            details: {
                [key: string]: number | string | string[];
            };
        };
        Session: {
            id: string;
            /** @description the session making this request */
            current: boolean;
            ip: string | null;
            user_agent: string | null;
            /** Format: date-time */
            created_at: string | null;
            /** Format: date-time */
            last_used_at: string | null;
        };
        UpdateMember: {
            /** @enum {string} */
            role?: "owner" | "admin" | "manager" | "operator" | "viewer";
            active?: boolean;
            name?: string;
        };
        ResetMemberPassword: {
            password: string;
        };
        AuditPage: {
            entries: components["schemas"]["AuditEntry"][];
            next_cursor: string | null;
        };
        AuditEntry: {
            id: number;
            at: string;
            organization_id: number | null;
            user_id: number | null;
            user_email: string | null;
            kind: string;
            kind_label: string;
            action: string;
            object_type: string | null;
            object_id: string | null;
            object_label: string | null;
            /** @description Метка #42: "Велосипед №5" → "Велосипед №6" */
            object_text: string;
            before?: unknown;
            after?: unknown;
            details?: unknown;
            ip: string | null;
            user_agent: string | null;
            /** @description the brief's log line: time | user | action | object | IP */
            line: string;
        };
        AuditChainReport: {
            /** @description organization id; 0 is the platform's own log */
            chain: number;
            rows_checked: number;
            ok: boolean;
            first_seq: number | null;
            first_broken: {
                id: number;
                seq: number;
                at: string;
                /** @enum {string} */
                reason: "hash" | "link" | "gap" | "head";
            } | null;
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
