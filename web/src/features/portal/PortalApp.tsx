// /portal/*: the resident portal. Public (no staff sign-in), each page its own lazy chunk.
import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import PortalLayout from './PortalLayout';

const PortalHome = lazy(() => import('./PortalHome'));
const ReportPage = lazy(() => import('./ReportPage'));
const TrackPage = lazy(() => import('./TrackPage'));
const MyCasesPage = lazy(() => import('./MyCasesPage'));
const BookPage = lazy(() => import('./BookPage'));
const ErrandPage = lazy(() => import('./ErrandPage'));
const DevInboxPage = lazy(() => import('./DevInboxPage'));

export default function PortalApp() {
  return (
    <Routes>
      <Route element={<PortalLayout />}>
        <Route index element={<PortalHome />} />
        <Route path="report" element={<ReportPage />} />
        <Route path="track" element={<TrackPage />} />
        <Route path="me" element={<MyCasesPage />} />
        <Route path="book" element={<BookPage />} />
        <Route path="errand" element={<ErrandPage />} />
        <Route path="dev/sms-inbox" element={<DevInboxPage />} />
        <Route path="*" element={<PortalHome />} />
      </Route>
    </Routes>
  );
}
