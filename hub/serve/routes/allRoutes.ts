import { accessRoutes } from './accessRoutes';
import { auditRoutes } from './auditRoutes';
import { authRoutes } from './authRoutes';
import { bundleRoutes } from './bundleRoutes';
import { catalogRoutes } from './catalogRoutes';
import { clientRoutes } from './clientRoutes';
import { hubRoutes } from './hubRoutes';
import { openapiRoutes } from './openapiRoutes';
import { playgroundRoutes } from './playgroundRoutes';
import { serverRoutes } from './serverRoutes';

// Every route module of the admin API. A feature adds its module here (one line).
export const ROUTE_MODULES = [hubRoutes, serverRoutes, authRoutes, playgroundRoutes, clientRoutes, bundleRoutes, openapiRoutes, catalogRoutes, accessRoutes, auditRoutes];
