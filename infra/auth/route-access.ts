import { SetMetadata } from '@nestjs/common';

import type { Role } from './phi-route';

// Route metadata the access guard reads. A route is open only when it carries @Public(); a route
// with neither @Public, @Roles nor @PhiRoute is open to admins only, so a route added without a
// decision fails closed.

export const PUBLIC_ROUTE = Symbol('public-route');
export const ROUTE_ROLES = Symbol('route-roles');

export const ALL_ROLES: readonly Role[] = ['patient', 'provider', 'admin', 'analyst', 'auditor'];

/** Marks a route that anyone may call without a token (health, static pages, the directory). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Limits a route to the given roles. On a @PhiRoute it narrows who may even ask. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);
